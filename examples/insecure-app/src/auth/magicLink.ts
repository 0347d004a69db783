// "Email me a sign-in link": shopfast://magic?token=… opens the app and signs in.
import { Linking } from 'react-native';
import * as SecureStore from 'expo-secure-store';
import { saveAccessToken } from '../storage/session';

const PENDING_STATE_KEY = 'magic_link_state';

async function signInWithToken(token: string) {
	const res = await fetch('https://api.shopfast.example/v1/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
	if (res.ok) await saveAccessToken(token);
}

// Any web page, email or app can open the link: it signs the user into whatever account the
// token belongs to, the attacker's included (login CSRF; rn-deeplink-unvalidated).
export function listenForMagicLinks() {
	return Linking.addEventListener('url', ({ url }) => {
		const token = new URL(url).searchParams.get('token');
		if (token) void signInWithToken(token);
	});
}

// Safe twin: the link must carry the state this device stored when it asked for the email.
export function listenForMagicLinksWithState() {
	return Linking.addEventListener('url', async ({ url }) => {
		const link = new URL(url);
		const pendingState = await SecureStore.getItemAsync(PENDING_STATE_KEY);
		if (!pendingState || link.searchParams.get('state') !== pendingState) return;
		await SecureStore.deleteItemAsync(PENDING_STATE_KEY);
		const token = link.searchParams.get('token');
		if (token) await signInWithToken(token);
	});
}
