import React from 'react';
import { Linking } from 'react-native';
import { WebView, type WebViewMessageEvent } from 'react-native-webview';

type Props = { route: { params: { url: string } }; navigation: { navigate(screen: string, params?: object): void }; token: string; userName: string };

const ALLOWED_ORIGINS = ['https://shopfast.example', 'https://help.shopfast.example'];
const TERMS_HTML = '<h1>Terms</h1><p>Plain text only.</p>';

export function OfferWebView({ route, navigation, token, userName }: Props) {
	const ref = React.useRef<WebView>(null);

	const runCommand = (command: { type: string; url?: string; screen?: string; params?: object }) => {
		if (command.type === 'open' && command.url) void Linking.openURL(command.url);
		if (command.type === 'route' && command.screen) navigation.navigate(command.screen, command.params);
	};

	const onMessage = (event: WebViewMessageEvent) => runCommand(JSON.parse(event.nativeEvent.data)); // acts on any page's message, no origin check $ Alert[rn-webview-bridge-unvalidated]

	const onTrustedMessage = (event: WebViewMessageEvent) => {
		const { url, data } = event.nativeEvent;
		if (!ALLOWED_ORIGINS.some((o) => url.startsWith(o + '/'))) return;
		const command = JSON.parse(data); // after the origin check $ Safe
		if (command.type === 'route') navigation.navigate(command.screen);
	};

	const greet = () => ref.current?.injectJavaScript(`window.greet('${userName}')`); // $ Alert[rn-webview-bridge-unvalidated]
	const greetSafely = () => ref.current?.injectJavaScript(`window.greet(${JSON.stringify(userName)})`); // $ Safe

	return (
		<>
			<WebView ref={ref} source={{ uri: route.params.url }} onMessage={onMessage} /> {/* a URL from navigation params, with a bridge $ Alert[rn-webview-open-navigation] */}
			<WebView source={{ uri: 'https://shopfast.example/offers' }} originWhitelist={['*']} onMessage={onTrustedMessage} /> {/* $ Alert[rn-webview-open-navigation] */}
			<WebView source={{ uri: 'https://shopfast.example/help' }} originWhitelist={['https://shopfast.example']} onMessage={onTrustedMessage} /> {/* $ Safe */}
			<WebView source={{ html: TERMS_HTML }} originWhitelist={['*']} /> {/* static HTML needs the wildcard $ Note[rn-webview-open-navigation] */}
			<WebView source={{ uri: 'https://shopfast.example/account' }} injectedJavaScriptBeforeContentLoaded={`window.TOKEN = '${token}';`} /> {/* injected script with the default whitelist $ Alert[rn-webview-bridge-unvalidated, rn-webview-open-navigation] */}
			<WebView source={{ uri: 'https://shopfast.example/receipt' }} allowUniversalAccessFromFileURLs={true} allowFileAccess={true} /> {/* $ Alert[rn-webview-dangerous-props] */}
			<WebView source={{ uri: 'https://shopfast.example/cart' }} mixedContentMode="always" /> {/* $ Alert[rn-webview-dangerous-props] */}
			<WebView source={{ uri: 'https://shopfast.example/cart' }} setSupportMultipleWindows={false} /> {/* $ Alert[rn-webview-dangerous-props] */}
			<WebView source={{ uri: 'https://shopfast.example/cart' }} mixedContentMode="never" allowFileAccess={false} /> {/* $ Safe */}
			<WebView source={{ uri: 'https://shopfast.example/debug' }} webviewDebuggingEnabled={true} /> {/* $ Alert[rn-webview-debugging-enabled] */}
			<WebView source={{ uri: 'https://shopfast.example/debug' }} webviewDebuggingEnabled={__DEV__} /> {/* $ Safe */}
			<WebView source={{ uri: 'https://meet.example-video.com/room', headers: { Cookie: `sf_token=${token}` } }} /> {/* the session cookie goes to a third party $ Alert[webview-session-third-party] */}
			<WebView source={{ uri: 'https://shopfast.example/orders', headers: { Authorization: `Bearer ${token}` } }} /> {/* our own host $ Safe */}
		</>
	);
}
