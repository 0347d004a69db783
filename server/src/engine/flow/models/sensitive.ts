import type { ModelSet } from './types';

/**
 * Where secrets come from, by origin (stronger than a name): password / PIN /
 * OTP inputs, secure-store and Keychain reads, credential parameters of auth
 * functions. Token fields of network responses are built in (see `network.ts`,
 * `payloadMembers`). The lexicon (`../lexicon.ts`) supplies the weaker
 * name-only evidence.
 */
const AUTH_FUNCTION = '(?=.*$).*?(?:[Ll]og[Ii]n|LOGIN|[Ss]ign[Ii]n|[Ss]ign[Uu]p|[Rr]egister|[Aa]uthenticat|[Aa]uthoriz|[Ll]ogon|[Vv]erify|[Pp]assword|[Pp]asscode|[Cc]redential|[Uu]nlock|[Rr]efresh[Tt]oken|[Ss]ession|[Oo]tp|OTP|[Pp]in[A-Z]|PIN|[Tt]woFactor|[Mm]fa|MFA|[Rr]eauth).*';

export const SENSITIVE: ModelSet = {
	family: 'sensitive',
	memberSources: [
		{ id: 'sensitive.password-input-text', langs: ['kotlin', 'java', 'swift', 'objc', 'dart', 'js'], member: 'text|value|string|stringValue|editableText|textValue|currentText', objectWord: 'password', fact: 'secret', label: 'the password field' },
	],
	sources: [
		{ id: 'sensitive.password-input-gettext', langs: ['kotlin', 'java'], method: 'getText|getEditableText', receiver: '(?:.*\\.)?\\w*(?:[Pp]assword|[Pp]asswd|[Pp]wd|[Pp]asscode|[Pp]assphrase|[Pp]in|PIN|[Oo]tp|OTP)\\w*', fact: 'secret', label: 'the password field' },
		// Secure stores and keychains: what they hold is secret by definition.
		{ id: 'sensitive.expo-secure-store', langs: ['js'], receiver: 'SecureStore', method: 'getItemAsync|getItem', fact: 'secret', label: 'a SecureStore read' },
		{ id: 'sensitive.rn-keychain', langs: ['js'], receiver: 'Keychain|RNKeychain', method: 'getGenericPassword|getInternetCredentials|getPassword', fact: 'secret', label: 'a Keychain read' },
		{ id: 'sensitive.rn-encrypted-storage', langs: ['js'], receiver: 'EncryptedStorage|RNSecureStorage|SInfo|RNSensitiveInfo|SecureStorage', method: 'getItem|get', fact: 'secret', label: 'a secure-storage read' },
		{ id: 'sensitive.android-account-manager', langs: ['kotlin', 'java'], receiver: '(?:.*\\.)?(?=\\w*$)\\w*?[Aa]ccount[Mm]anager\\w*|(?=.*\\)$)(?:.*\\.)?(?=\\w*\\()\\w*?[Aa]ccount[Mm]anager\\w*\\(.*|AccountManager\\.get\\(.*\\)', method: 'getPassword|peekAuthToken|blockingGetAuthToken|getAuthToken', fact: 'secret', label: 'an AccountManager credential' },
		{ id: 'sensitive.ios-keychain-wrapper', langs: ['swift'], receiver: 'KeychainWrapper\\.standard|KeychainWrapper\\.\\w+|(?:self\\.)?keychain\\w*|KeychainSwift\\(\\)|Keychain\\(.*\\)|SAMKeychain|SSKeychain|Valet\\.\\w+\\(.*\\)|(?:self\\.)?valet', method: 'string|data|get|getString|getData|password|object', fact: 'secret', label: 'a Keychain read' },
		{ id: 'sensitive.objc-keychain', langs: ['objc'], receiver: 'SAMKeychain|SSKeychain|(?:self\\.)?keychain\\w*|\\[?KeychainItemWrapper.*', method: 'passwordForService:account:|passwordForService:account:error:|objectForKey:|stringForKey:', fact: 'secret', label: 'a Keychain read' },
		{ id: 'sensitive.flutter-secure-storage', langs: ['dart'], receiver: '(?:_|this\\.)?(?:secureStorage|storage|secure\\w*|\\w*SecureStorage|FlutterSecureStorage\\(.*\\))', method: 'read|readAll', fact: 'secret', label: 'a secure-storage read' },
	],
	fillers: [
		{ id: 'sensitive.sec-item-copy-matching', langs: ['swift', 'objc'], receiver: '', method: 'SecItemCopyMatching', target: 1, fact: 'secret', label: 'read from the Keychain' },
	],
	paramSources: [
		{ id: 'sensitive.credential-param', langs: ['js', 'kotlin', 'java', 'swift', 'objc', 'dart'], function: AUTH_FUNCTION, sensitiveName: true, fact: 'secret', label: 'credential parameter' },
	],
};
