import React, { useState } from 'react';
import { Button, TextInput, View } from 'react-native';
import Clipboard from '@react-native-clipboard/clipboard';

// Card number and CVV on a screen that screenshots and the app switcher capture (screenshot-protection-missing).
export function PaymentScreen({ onPay, virtualCardNumber, orderId }: { onPay: (card: string, cvv: string) => void; virtualCardNumber: string; orderId: string }) {
	const [card, setCard] = useState('');
	const [cvv, setCvv] = useState('');
	return (
		<View>
			<TextInput value={card} onChangeText={setCard} autoComplete="cc-number" placeholder="Card number" />
			<TextInput value={cvv} onChangeText={setCvv} autoComplete="cc-csc" placeholder="CVV" secureTextEntry />
			{/* The virtual card number goes to the system clipboard (clipboard-sensitive-copy). */}
			<Button title="Copy card number" onPress={() => Clipboard.setString(virtualCardNumber)} />
			{/* Safe twin: an order id is fine to copy. */}
			<Button title="Copy order id" onPress={() => Clipboard.setString(orderId)} />
			<Button title="Pay" onPress={() => onPay(card, cvv)} />
		</View>
	);
}
