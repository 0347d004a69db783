import AsyncStorage from '@react-native-async-storage/async-storage';
import * as AuthSession from 'expo-auth-session';
import * as LocalAuthentication from 'expo-local-authentication';
import React from 'react';
import { TextInput } from 'react-native';
import * as yup from 'yup';

export const signUpSchema = yup.object({
	email: yup.string().email().required(),
	password: yup.string().min(6).required(), // a new password of 6 characters $ Alert[password-policy-weak]
});

export const cardPinSchema = yup.object({ pin: yup.string().length(4) }); // a card PIN, not a password $ Safe

const discovery = { authorizationEndpoint: 'https://id.shopfast.example/authorize', tokenEndpoint: 'https://id.shopfast.example/token' };
const redirectUri = 'shopfast://oauth/callback';

export function SignUpForm({ onToken }: { onToken(token: string | null): void }) {
	const [pw, setPw] = React.useState('');
	const [pw2, setPw2] = React.useState('');
	const [visible, setVisible] = React.useState(false);
	const [code, setCode] = React.useState('');
	const [legacyRequest] = AuthSession.useAuthRequest({ clientId: 'shopfast-mobile', redirectUri, scopes: ['openid'], usePKCE: false }, discovery); // $ Alert[rn-oauth-insecure-flow]
	const [request] = AuthSession.useAuthRequest({ clientId: 'shopfast-mobile', redirectUri, scopes: ['openid'] }, discovery); // PKCE is on by default $ Safe

	const unlock = async () => {
		if ((await LocalAuthentication.authenticateAsync({ promptMessage: 'Unlock ShopFast' })).success) onToken(await AsyncStorage.getItem('authToken')); // a boolean unlocks a stored token $ Alert[rn-biometric-not-crypto-bound]
	};

	return (
		<>
			<TextInput placeholder="New password" textContentType="newPassword" value={pw} onChangeText={setPw} /> {/* $ Alert[password-input-unmasked] */}
			<TextInput placeholder="Repeat password" textContentType="newPassword" secureTextEntry value={pw2} onChangeText={setPw2} /> {/* $ Safe */}
			<TextInput placeholder="Password" textContentType="password" secureTextEntry={!visible} value={pw} onChangeText={setPw} /> {/* a show/hide toggle $ Safe */}
			<TextInput placeholder="Code from SMS" textContentType="oneTimeCode" value={code} onChangeText={setCode} /> {/* $ Safe */}
			{void setVisible}
			{void legacyRequest}
			{void request}
			{void unlock}
		</>
	);
}
