import AsyncStorage from '@react-native-async-storage/async-storage';
import * as SecureStore from 'expo-secure-store';
import * as SQLite from 'expo-sqlite';
import { MMKV } from 'react-native-mmkv';
import Realm from 'realm';

export interface Session {
	userId: string;
	accessToken: string;
	refreshToken: string;
}

const SESSION_KEY = 'session';
const authStorage = new MMKV({ id: 'auth' }); // holds the tokens below, no encryptionKey $ Alert[rn-persisted-state-unencrypted]
const uiStorage = new MMKV({ id: 'ui' }); // theme and layout only $ Safe

function mask(value: string): string {
	return value.length <= 4 ? '****' : `****${value.slice(-4)}`;
}

export async function signIn(email: string, password: string): Promise<Session> {
	console.log('signIn', email, password); // $ Alert[sensitive-data-logged]
	const attempt = `attempt ${email}/${password}`;
	console.info(attempt); // $ Alert[sensitive-data-logged]
	console.log('password length', password.length); // $ Safe
	console.log('has password', !!password); // $ Safe
	if (__DEV__) console.log('dev sign-in', password); // development only $ Note[sensitive-data-logged]
	const session = await requestSession(email, password);
	console.log('session', JSON.stringify(session)); // $ Alert[sensitive-data-logged]
	console.log('token', mask(session.accessToken)); // masked $ Safe
	console.log('signed in', session.userId); // $ Safe
	await AsyncStorage.setItem('authToken', session.accessToken); // $ Alert[rn-asyncstorage-sensitive]
	await AsyncStorage.setItem(SESSION_KEY, JSON.stringify(session)); // $ Alert[rn-asyncstorage-sensitive]
	await persist('refresh_token', session.refreshToken); // through the helper below $ Alert[rn-asyncstorage-sensitive]
	await AsyncStorage.setItem('theme', 'dark'); // $ Safe
	await AsyncStorage.setItem('onboardingSeen', 'true'); // $ Safe
	await SecureStore.setItemAsync('refreshToken', session.refreshToken); // $ Safe
	await AsyncStorage.setItem('password', password); // $ Alert[rn-asyncstorage-sensitive, password-persisted-on-device]
	authStorage.set('accessToken', session.accessToken); // into the unencrypted MMKV instance $ Alert[rn-persisted-state-unencrypted]
	uiStorage.set('layout', 'grid'); // $ Safe
	return session;
}

async function persist(key: string, value: string): Promise<void> {
	await AsyncStorage.setItem(key, value);
}

async function requestSession(email: string, password: string): Promise<Session> {
	const res = await fetch('https://api.shopfast.example/v3/login', { method: 'POST', body: JSON.stringify({ email, password }) });
	return (await res.json()) as Session;
}

const SessionSchema = { name: 'Session', properties: { userId: 'string', token: 'string' } };

export async function cacheOffline(session: Session): Promise<void> {
	const realm = await Realm.open({ schema: [SessionSchema] }); // unencrypted, and it stores the token $ Alert[rn-persisted-state-unencrypted|sensitive-data-in-database]
	realm.write(() => realm.create('Session', { userId: session.userId, token: session.accessToken })); // $ Alert[sensitive-data-in-database|rn-persisted-state-unencrypted]
	const db = await SQLite.openDatabaseAsync('shop.db');
	await db.runAsync('INSERT INTO session (user_id, token) VALUES (?, ?)', [session.userId, session.refreshToken]); // $ Alert[sensitive-data-in-database|rn-persisted-state-unencrypted]
	await db.runAsync('INSERT INTO recent (term) VALUES (?)', ['shoes']); // $ Safe
}

export async function openEncryptedRealm(): Promise<Realm> {
	const stored = await SecureStore.getItemAsync('realmKey');
	const encryptionKey = Uint8Array.from(atob(stored ?? ''), (c) => c.charCodeAt(0));
	return Realm.open({ schema: [SessionSchema], encryptionKey }); // key kept in SecureStore $ Safe
}
