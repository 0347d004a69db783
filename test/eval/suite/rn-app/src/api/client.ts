import axios from 'axios';
import { Linking } from 'react-native';

const API_BASE = 'https://api.shopfast.example/v3'; // $ Safe
const PARTNER_BASE = 'http://partner.shopfast.example/api'; // $ Alert[cleartext-url-literal]
const DEV_SERVER = 'http://localhost:8081'; // $ Safe
const EMULATOR_API = 'http://10.0.2.2:3000/v3'; // $ Safe
const CONFIG_SCHEMA = 'http://json-schema.org/draft-07/schema#'; // a schema identifier $ Safe

export const api = axios.create({ baseURL: API_BASE, timeout: 10_000 });
export const partner = axios.create({ baseURL: PARTNER_BASE });

export async function fetchStatus(host: string): Promise<number> {
	const res = await fetch(`http://${host}/status`); // $ Alert[cleartext-url-literal]
	return res.status;
}

export async function loyaltyBalance(cardId: string): Promise<unknown> {
	const base = 'http://loyalty.shopfast.example'; // $ Alert[cleartext-url-literal]
	const url = base + '/cards/' + encodeURIComponent(cardId);
	return (await fetch(url)).json();
}

export function liveUpdates(): WebSocket {
	return new WebSocket('ws://push.shopfast.example/socket'); // $ Alert[cleartext-url-literal]
}

export function devHealth(): Promise<Response> {
	return fetch(`${DEV_SERVER}/health`);
}

export function emulatorHealth(): Promise<Response> {
	return fetch(`${EMULATOR_API}/health`);
}

export function debugPing(): void {
	if (__DEV__) {
		void fetch('http://192.168.1.20:3000/debug'); // development only $ Note[cleartext-url-literal]
	}
}

export function isInsecure(url: string): boolean {
	return url.startsWith('http://'); // a needle $ Safe
}

export function upgrade(url: string): string {
	return url.replace(/^http:\/\//, 'https://'); // $ Safe
}

export function openTyped(typed: string): Promise<void> {
	// The browser decides; the app sends nothing itself.
	return Linking.openURL(/^[a-z]+:\/\//.test(typed) ? typed : `http://${typed}`); // $ Safe
}

export const settingsSchema = { $schema: CONFIG_SCHEMA, type: 'object' };

export const helpText = 'Self-hosted? Enter your server, for example http://shop.local'; // prose $ Safe

export async function stockLevels(): Promise<unknown> {
	const res = await api.get('/stock', { auth: { username: 'svc-mobile', password: 'Wint3r-Stock!2024' } }); // $ Alert[hardcoded-credential-auth|secret-credential-literal]
	return res.data;
}

export async function priceFeed(): Promise<unknown> {
	const header = 'Basic ' + btoa('feed-reader:Qx7!vR2#pL9m');
	const res = await fetch('https://feeds.shopfast.example/prices', { headers: { Authorization: header } }); // $ Alert[hardcoded-credential-auth]
	return res.json();
}

export async function myOrders(token: string): Promise<unknown> {
	const res = await api.get('/orders', { headers: { Authorization: `Bearer ${token}` } }); // $ Safe
	return res.data;
}

export function avatarUrl(userId: string, token: string): string {
	return `${API_BASE}/avatars/${userId}?access_token=${token}`; // $ Alert[credential-in-url-query]
}

export function authorizeUrl(clientId: string, challenge: string, state: string): string {
	return `https://id.shopfast.example/authorize?client_id=${clientId}&code_challenge=${challenge}&state=${state}`; // OAuth request parameters $ Safe
}
