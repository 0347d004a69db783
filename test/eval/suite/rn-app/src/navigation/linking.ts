import { Linking } from 'react-native';

type SignIn = (server: string, token: string) => Promise<void>;

const TRUSTED_HOST = 'shopfast.example';

function param(url: string, name: string): string {
	return new URL(url).searchParams.get(name) ?? '';
}

export function listenForLinks(signInWithToken: SignIn, openProduct: (id: string) => void): () => void {
	const sub = Linking.addEventListener('url', ({ url }) => void signInWithToken(param(url, 'host'), param(url, 'token'))); // signs in with the link's token, no confirmation $ Alert[rn-deeplink-unvalidated]
	const sub2 = Linking.addEventListener('url', ({ url }) => {
		const link = new URL(url);
		if (link.protocol !== 'https:' || link.host !== TRUSTED_HOST) return;
		openProduct(link.pathname.replace('/product/', '')); // after the host check, a read-only screen $ Safe
	});
	return () => {
		sub.remove();
		sub2.remove();
	};
}

export async function openFromApi(promotion: { link: string }): Promise<void> {
	await Linking.openURL(promotion.link); // any scheme the API sends $ Alert[rn-deeplink-unvalidated]
}

export async function openHelp(): Promise<void> {
	await Linking.openURL('https://shopfast.example/help'); // $ Safe
}

export async function callSupport(): Promise<void> {
	await Linking.openURL('tel:+41440000000'); // $ Safe
}
