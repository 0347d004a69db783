// Session persistence for the ShopFast app.
import AsyncStorage from '@react-native-async-storage/async-storage';
import * as SecureStore from 'expo-secure-store';

const ACCESS_TOKEN_KEY = 'access_token';
const REFRESH_TOKEN_KEY = 'refresh_token';
const LAST_TAB_KEY = 'last_tab';

// Tokens in AsyncStorage: a plain file in the sandbox and in backups (rn-asyncstorage-sensitive).
export async function saveAccessToken(accessToken: string) {
	await AsyncStorage.setItem(ACCESS_TOKEN_KEY, accessToken);
}

export function loadAccessToken() {
	return AsyncStorage.getItem(ACCESS_TOKEN_KEY);
}

// Safe twin: the refresh token goes to the Keychain / Keystore, device-only.
export async function saveRefreshToken(refreshToken: string) {
	await SecureStore.setItemAsync(REFRESH_TOKEN_KEY, refreshToken, { keychainAccessible: SecureStore.WHEN_UNLOCKED_THIS_DEVICE_ONLY });
}

// Safe twin: UI state is fine in AsyncStorage.
export function rememberTab(tab: string) {
	return AsyncStorage.setItem(LAST_TAB_KEY, tab);
}

// "Remember me" keeps the password itself (password-persisted-on-device), and "always" accessible
// Keychain items are readable on a locked phone (rn-secure-store-weak-options).
export async function rememberCredentials(email: string, password: string) {
	await SecureStore.setItemAsync('saved_email', email);
	await SecureStore.setItemAsync('saved_password', password, { keychainAccessible: SecureStore.ALWAYS });
}

// Safe twin: keep only the email; the OS password manager fills the password.
export async function rememberEmail(email: string) {
	await SecureStore.setItemAsync('saved_email', email, { keychainAccessible: SecureStore.AFTER_FIRST_UNLOCK_THIS_DEVICE_ONLY });
}
