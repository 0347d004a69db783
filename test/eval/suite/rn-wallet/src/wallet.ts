import AsyncStorage from '@react-native-async-storage/async-storage';
import { Wallet, formatUnits } from 'ethers';
import * as Keychain from 'react-native-keychain';

// In a wallet "token" is an asset (an ERC-20 contract), not a credential.
export interface TokenInfo {
	address: string;
	symbol: string;
	decimals: number;
}

const TOKEN_LIST_URL = 'https://tokens.example-dex.org/list.json'; // $ Safe
const EVENT_TOKEN_DETAILS = 'token_details.erc20'; // an analytics event name $ Safe

export async function selectToken(token: TokenInfo): Promise<void> {
	await AsyncStorage.setItem('selectedToken', token.address); // a contract address $ Safe
	console.log('token selected', token.symbol, token.address); // $ Safe
	track(EVENT_TOKEN_DETAILS, { token: token.symbol });
}

export function logBalance(token: TokenInfo, raw: bigint): void {
	console.log(`token balance ${formatUnits(raw, token.decimals)} ${token.symbol}`); // $ Safe
}

export async function fetchTokenList(): Promise<TokenInfo[]> {
	return (await fetch(TOKEN_LIST_URL)).json();
}

export async function createWallet(): Promise<Wallet> {
	const wallet = Wallet.createRandom();
	await AsyncStorage.setItem('mnemonic', wallet.mnemonic!.phrase); // the seed phrase in plain storage $ Alert[rn-asyncstorage-sensitive]
	console.log('wallet created', wallet.address); // a public address $ Safe
	console.log('wallet key', wallet.privateKey); // $ Alert[sensitive-data-logged]
	await Keychain.setGenericPassword('wallet', wallet.privateKey, { accessible: Keychain.ACCESSIBLE.WHEN_UNLOCKED_THIS_DEVICE_ONLY }); // $ Safe
	return wallet;
}

function track(event: string, props: Record<string, string>): void {
	void event;
	void props;
}
