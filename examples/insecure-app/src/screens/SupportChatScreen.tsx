import React from 'react';
import { WebView } from 'react-native-webview';

const SUPPORT_URL = 'https://shopfast.zendesk.com/hc/en-us/requests/new';
const ORDERS_URL = 'https://api.shopfast.example/orders/embedded';

// The help desk is a third-party service: the app's own access token goes to it with every page
// load, and anyone who can read that host's logs or scripts can act as the user
// (webview-session-third-party).
export function SupportChatScreen({ accessToken }: { accessToken: string }) {
	return <WebView source={{ uri: SUPPORT_URL, headers: { Authorization: `Bearer ${accessToken}` } }} originWhitelist={['https://shopfast.zendesk.com']} />;
}

// Safe twin: the token goes only to the app's own API host.
export function EmbeddedOrdersScreen({ accessToken }: { accessToken: string }) {
	return <WebView source={{ uri: ORDERS_URL, headers: { Authorization: `Bearer ${accessToken}` } }} originWhitelist={['https://api.shopfast.example']} />;
}
