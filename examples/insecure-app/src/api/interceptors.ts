// Request / response logging for the ShopFast API client.
import axios from 'axios';

export const api = axios.create({ baseURL: 'https://api.shopfast.example/v2' });

// Logs every request's headers (Authorization included) in release builds (rn-network-logger-release).
api.interceptors.request.use((config) => {
	console.log('[api] request', config.headers);
	return config;
});

// Safe twin: method, URL and status only.
api.interceptors.response.use((response) => {
	console.log('[api]', response.config.method, response.config.url, response.status);
	return response;
});

export async function login(email: string, password: string) {
	const { data } = await api.post('/login', { email, password });
	// The token ends up in device logs (sensitive-data-logged).
	console.log('login ok, token', data.accessToken);
	// Safe twin: development builds only, and no secret.
	if (__DEV__) console.log('login ok for', email);
	return data;
}
