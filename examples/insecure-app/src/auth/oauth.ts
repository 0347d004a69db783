// "Sign in with ShopFast ID" (expo-auth-session).
import * as AuthSession from 'expo-auth-session';
import { ResponseType, useAuthRequest } from 'expo-auth-session';

const discovery = {
	authorizationEndpoint: 'https://id.shopfast.example/oauth/authorize',
	tokenEndpoint: 'https://id.shopfast.example/oauth/token',
};

// Implicit flow without PKCE (rn-oauth-insecure-flow).
export function useLegacyShopFastLogin() {
	return useAuthRequest(
		{
			clientId: 'shopfast-mobile',
			redirectUri: AuthSession.makeRedirectUri({ scheme: 'shopfast' }),
			scopes: ['openid', 'profile'],
			usePKCE: false,
			responseType: ResponseType.Token,
		},
		discovery,
	);
}

// Safe twin: authorization code + PKCE (on by default).
export function useShopFastLogin() {
	return useAuthRequest(
		{
			clientId: 'shopfast-mobile',
			redirectUri: AuthSession.makeRedirectUri({ scheme: 'shopfast' }),
			scopes: ['openid', 'profile'],
			responseType: ResponseType.Code,
		},
		discovery,
	);
}
