// Sign-up for a ShopFast account.
import React, { useState } from 'react';
import { Button, Text, TextInput, View } from 'react-native';
import { z } from 'zod';

export const signUpSchema = z.object({
	email: z.string().email(),
	// Weak policy: 6 characters, capped at 20, and a composition rule (password-policy-weak).
	password: z
		.string()
		.min(6, 'At least 6 characters')
		.max(20)
		.regex(/^(?=.*[A-Z])(?=.*\d).+$/, 'Needs an upper-case letter and a digit'),
	// Safe twin: NIST SP 800-63B-4 lengths, no composition rules.
	confirmPassword: z.string().min(8).max(128),
});

export function SignUpScreen({ onSubmit }: { onSubmit(email: string, password: string): void }) {
	const [email, setEmail] = useState('');
	const [password, setPassword] = useState('');
	const [confirm, setConfirm] = useState('');
	const [showPassword, setShowPassword] = useState(false);
	return (
		<View>
			<TextInput value={email} onChangeText={setEmail} placeholder="Email" autoCapitalize="none" />
			{/* Unmasked password field (password-input-unmasked). */}
			<TextInput value={password} onChangeText={setPassword} placeholder="Choose a password" textContentType="newPassword" />
			{/* Safe twin: masked, with a show/hide toggle bound to state. */}
			<TextInput value={confirm} onChangeText={setConfirm} placeholder="Repeat password" secureTextEntry={!showPassword} autoCorrect={false} />
			<Text onPress={() => setShowPassword(!showPassword)}>{showPassword ? 'Hide' : 'Show'}</Text>
			<Button title="Create account" onPress={() => onSubmit(email, password)} />
		</View>
	);
}
