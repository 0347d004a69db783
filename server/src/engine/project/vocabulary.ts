import { npmDependencies } from './npmManifest';
import type { DomainVocabulary } from '../flow/lexicon';

export type { DomainVocabulary };

const WEB3_NPM = /^(web3|web3-[\w-]+|ethers|viem|wagmi|@wagmi\/[\w-]+|@walletconnect\/[\w-]+|@reown\/[\w-]+|@web3modal\/[\w-]+|@web3-react\/[\w-]+|@solana\/(web3\.js|spl-token|wallet-adapter[\w-]*)|@rainbow-me\/rainbowkit|@coinbase\/wallet-sdk|@metamask\/[\w-]+|thirdweb|@thirdweb-dev\/[\w-]+|@ethersproject\/[\w-]+|@uniswap\/[\w-]+|bitcoinjs-lib|@cosmjs\/[\w-]+|@trustwallet\/[\w-]+|@privy-io\/[\w-]+|@dynamic-labs\/[\w-]+|@particle-network\/[\w-]+|@magic-sdk\/[\w-]+|magic-sdk|@alchemy\/[\w-]+|alchemy-sdk|moralis|@moralisweb3\/[\w-]+)$/;
const PAY_NPM = /^(@stripe\/stripe-react-native|@stripe\/stripe-js|@stripe\/react-stripe-js|react-native-braintree[\w-]*|@adyen\/[\w-]+|@square\/in-app-payments|react-native-square-in-app-payments|react-native-payments|@rnw-community\/react-native-payments|react-native-paypal[\w-]*|@paypal\/[\w-]+|react-native-razorpay|@checkout\.com\/[\w-]+|frames-react-native|react-native-credit-card-input[\w-]*|react-native-card-io|@mollie\/[\w-]+|@klarna\/[\w-]+|react-native-klarna[\w-]*)$/;
const WEB3_PUB = /^(web3dart|walletconnect_flutter_v2|walletconnect_dart|reown_appkit|reown_walletkit|web3modal_flutter|solana|solana_web3|on_chain|flutter_web3|wallet_connect|bip39|ethers|web3_provider)$/;
const PAY_PUB = /^(flutter_stripe|stripe_sdk|stripe_payment|pay|flutter_braintree|braintree_flutter_plus|adyen_checkout|razorpay_flutter|square_in_app_payments|flutter_credit_card|checkout_sdk|flutter_paypal[\w]*|mollie|klarna_mobile_sdk)$/;
const WEB3_GRADLE = /["'](org\.web3j|com\.walletconnect|com\.reown|io\.metamask|com\.solana|com\.trustwallet|org\.bitcoinj)[:.]/;
const PAY_GRADLE = /["'](com\.stripe|com\.braintreepayments|com\.adyen\.checkout|com\.squareup\.sdk\.in-app-payments|com\.razorpay|com\.checkout|com\.paypal\.checkout|com\.klarna)[:.]/;
const WEB3_POD = /\bpod\s+['"](web3swift|Web3|WalletConnectSwift|WalletConnectSwiftV2|reown-swift|metamask-ios-sdk|SolanaSwift|TrustWalletCore|BitcoinKit)['"/]/;
const PAY_POD = /\bpod\s+['"](Stripe|StripePaymentSheet|StripePayments|Braintree|BraintreeDropIn|Adyen|SquareInAppPaymentsSDK|razorpay-pod|Frames|PayPalCheckout|KlarnaMobileSDK)['"/]/;

/** The vocabulary one manifest implies (package.json, pubspec.yaml, build.gradle(.kts), Podfile). */
export function manifestVocabulary(fileName: string, text: string): DomainVocabulary {
	const out: DomainVocabulary = {};
	if (fileName === 'package.json') {
		for (const name of npmDependencies(text).keys()) {
			if (!out.web3 && WEB3_NPM.test(name)) out.web3 = name;
			if (!out.payments && PAY_NPM.test(name)) out.payments = name;
		}
	} else if (fileName === 'pubspec.yaml') {
		for (const m of text.matchAll(/^ {2}([a-z_][a-z0-9_]*)\s*:/gm)) {
			if (!out.web3 && WEB3_PUB.test(m[1]!)) out.web3 = m[1]!;
			if (!out.payments && PAY_PUB.test(m[1]!)) out.payments = m[1]!;
		}
	} else if (/^build\.gradle(\.kts)?$/.test(fileName) || /\.versions\.toml$/.test(fileName)) {
		const w = WEB3_GRADLE.exec(text);
		if (w) out.web3 = w[1]!;
		const p = PAY_GRADLE.exec(text);
		if (p) out.payments = p[1]!;
	} else if (fileName === 'Podfile') {
		const w = WEB3_POD.exec(text);
		if (w) out.web3 = w[1]!;
		const p = PAY_POD.exec(text);
		if (p) out.payments = p[1]!;
	}
	return out;
}

/** The project's vocabulary: the union over its manifests (first one named wins). */
export function combineVocabulary(list: Iterable<DomainVocabulary>): DomainVocabulary {
	const out: DomainVocabulary = {};
	for (const v of list) {
		if (!out.web3 && v.web3) out.web3 = v.web3;
		if (!out.payments && v.payments) out.payments = v.payments;
	}
	return out;
}
