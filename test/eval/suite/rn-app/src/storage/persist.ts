import AsyncStorage from '@react-native-async-storage/async-storage';
import * as Keychain from 'react-native-keychain';
import * as SecureStore from 'expo-secure-store';
import { persistReducer } from 'redux-persist';

type Reducer = (state: unknown, action: { type: string }) => unknown;

export function persistedRoot(root: Reducer) {
	return persistReducer({ key: 'root', storage: AsyncStorage, whitelist: ['auth', 'cart'] }, root); // the auth slice in AsyncStorage $ Alert[rn-persisted-state-unencrypted]
}

export function persistedUi(ui: Reducer) {
	return persistReducer({ key: 'ui', storage: AsyncStorage, whitelist: ['theme', 'layout'] }, ui); // $ Safe
}

export async function storeRefresh(token: string): Promise<void> {
	await SecureStore.setItemAsync('refresh', token, { keychainAccessible: SecureStore.ALWAYS }); // $ Alert[rn-secure-store-weak-options]
	await SecureStore.setItemAsync('refresh', token, { keychainAccessible: SecureStore.WHEN_UNLOCKED_THIS_DEVICE_ONLY }); // $ Safe
	await Keychain.setGenericPassword('refresh', token, { securityLevel: Keychain.SECURITY_LEVEL.ANY }); // $ Alert[rn-secure-store-weak-options]
	await Keychain.setGenericPassword('refresh', token, { accessible: Keychain.ACCESSIBLE.WHEN_UNLOCKED_THIS_DEVICE_ONLY }); // $ Safe
}
