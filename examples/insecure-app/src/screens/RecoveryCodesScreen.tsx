import React from 'react';
import { Text, View } from 'react-native';
import { usePreventScreenCapture } from 'expo-screen-capture';

// Safe twin of PaymentScreen: recovery codes are shown with screen capture blocked.
export function RecoveryCodesScreen({ codes }: { codes: string[] }) {
	usePreventScreenCapture();
	return (
		<View>
			{codes.map((c) => (
				<Text key={c}>{c}</Text>
			))}
		</View>
	);
}
