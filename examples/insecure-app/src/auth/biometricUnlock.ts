// "Unlock with Face ID" on app start.
import * as LocalAuthentication from 'expo-local-authentication';
import * as SecureStore from 'expo-secure-store';
import AsyncStorage from '@react-native-async-storage/async-storage';

type Nav = { replace(route: string): void };

// Boolean gate (rn-biometric-not-crypto-bound): a hooked authenticateAsync() unlocks the app.
export async function quickUnlock(navigation: Nav) {
	const result = await LocalAuthentication.authenticateAsync({ promptMessage: 'Unlock ShopFast' });
	if (result.success) {
		const token = await AsyncStorage.getItem('authToken');
		navigation.replace(token ? 'Home' : 'Login');
	}
}

// Safe twin: the OS releases the refresh token only after a real biometric match.
export async function secureUnlock(navigation: Nav) {
	const refreshToken = await SecureStore.getItemAsync('refreshToken', { requireAuthentication: true, authenticationPrompt: 'Unlock ShopFast' });
	navigation.replace(refreshToken ? 'Home' : 'Login');
}
