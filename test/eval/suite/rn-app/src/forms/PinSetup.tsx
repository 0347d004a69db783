import React from 'react';
import { Button, TextInput } from 'react-native';
import AsyncStorage from '@react-native-async-storage/async-storage';

/** Sets the card PIN. The field's value is the secret whatever the variable is called. */
export function PinSetup({ onDone }: { onDone(): void }) {
	const [value, setValue] = React.useState('');
	const submit = async () => {
		console.log('submitting', value); // the value typed into a secure field $ Alert[sensitive-data-logged]
		console.log('submitting', value.length, 'digits'); // $ Safe
		await AsyncStorage.setItem('draft', value); // the typed PIN in plain storage $ Alert[rn-asyncstorage-sensitive|password-persisted-on-device]
		onDone();
	};
	return (
		<>
			<TextInput secureTextEntry keyboardType="number-pad" value={value} onChangeText={setValue} />
			<Button title="Save" onPress={submit} />
		</>
	);
}

/** Boards pinned to the sidebar: "pin" here is a verb. */
export async function pinBoard(boardId: string): Promise<void> {
	await AsyncStorage.setItem('pinnedBoards', JSON.stringify([boardId])); // $ Safe
	console.log('pin board to sidebar', boardId); // $ Safe
}

/** Kanban cards, not payment cards. */
export function moveCard(card: { id: string; title: string }, column: string): void {
	console.log('card moved', card.title, column); // $ Safe
}
