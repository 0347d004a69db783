import React from 'react';
import { WebView, type WebViewMessageEvent } from 'react-native-webview';
import { useNavigation, useRoute } from '@react-navigation/native';

const HELP_ORIGIN = 'https://cdn.shopfast.example/help';

type HelpMessage = { screen: 'Order' | 'Cart'; orderId?: string };

function useHelpMessages() {
	const navigation = useNavigation<any>();
	return (event: WebViewMessageEvent) => {
		const { screen, orderId } = JSON.parse(event.nativeEvent.data) as HelpMessage;
		navigation.navigate(screen, { orderId });
	};
}

// A push notification opens this screen with the article URL in its route params. The page drives
// the app through onMessage, and with the default originWhitelist any page an article links to
// can do the same (rn-webview-open-navigation). Web debugging is left on in release builds
// (rn-webview-debugging-enabled).
export function HelpCenterScreen() {
	const { params } = useRoute<any>();
	const onMessage = useHelpMessages();
	return <WebView source={{ uri: params.articleUrl }} onMessage={onMessage} webviewDebuggingEnabled />;
}

// Safe twin: only the help origin loads inside the WebView, navigation is allow-listed, and
// debugging is on in development builds only.
export function HelpArticleScreen({ slug }: { slug: string }) {
	const onMessage = useHelpMessages();
	return (
		<WebView
			source={{ uri: `${HELP_ORIGIN}/articles/${encodeURIComponent(slug)}` }}
			originWhitelist={[HELP_ORIGIN]}
			onShouldStartLoadWithRequest={(request) => request.url.startsWith(`${HELP_ORIGIN}/`)}
			onMessage={onMessage}
			webviewDebuggingEnabled={__DEV__}
		/>
	);
}
