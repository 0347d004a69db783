// Sign-in. Length checks here are not a password policy (password-policy-weak ignores sign-in forms).
import React, { useState } from 'react';
import { Alert, Button, TextInput, View } from 'react-native';
import AsyncStorage from '@react-native-async-storage/async-storage';

const MAX_FAILED_LOGINS = 5;

export function LoginScreen({ login }: { login(email: string, password: string): Promise<boolean> }) {
	const [email, setEmail] = useState('');
	const [password, setPassword] = useState('');
	const [failedAttempts, setFailedAttempts] = useState(0);
	const [locked, setLocked] = useState(false);

	async function onSubmit() {
		if (locked || password.length < 1) return;
		if (await login(email, password)) return;
		const next = failedAttempts + 1;
		setFailedAttempts(next);
		await AsyncStorage.setItem('failedAttempts', String(next));
		// Lockout only in the app (auth-lockout-client-only): the API itself is not throttled.
		if (next >= MAX_FAILED_LOGINS) {
			setLocked(true);
			Alert.alert('Too many attempts, try again later');
		}
	}

	return (
		<View>
			<TextInput value={email} onChangeText={setEmail} placeholder="Email" autoCapitalize="none" />
			<TextInput value={password} onChangeText={setPassword} placeholder="Password" secureTextEntry autoCorrect={false} />
			<Button title="Sign in" disabled={locked} onPress={onSubmit} />
		</View>
	);
}
