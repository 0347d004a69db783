/**
 * Shared wording for the biometric rules: what counts as "the prompt's success
 * grants access" (navigation, logged-in state, reading a stored token, calling
 * an API) as opposed to a UX confirmation before a server-verified step.
 */
const GRANT = [
	// navigation
	/\bnavigat\w*\s*[.(]|\brouter\.(replace|push|navigate)\b|\bNavigator\.(push|pushReplacement|pushNamed|pushNamedAndRemoveUntil|of)\b|\bcontext\.(go|push|replace)\(|\bstartActivity\(|\bfindNavController\(|\bperformSegue\(|\bpresent\(|\bpushViewController\(|\bsetRootViewController|\bwindow\??\.rootViewController\s*=/,
	// logged-in / unlocked state
	/\b(set)?_?(is)?(Authenticated|Unlocked|LoggedIn|SignedIn|Authorized|Authorised|Verified)\b\s*(\(|=)|\b_?(is)?[aA]uthenticated\s*=\s*true|\b_?(is)?[uU]nlocked\s*=\s*true|\b_?(is)?[lL]oggedIn\s*=\s*true|\bsetState\(\s*\(\)\s*(=>|\{)[^)]*(auth|unlock|logged)/i,
	// stored token / session read from a plain store
	/AsyncStorage\.getItem|\bMMKV\b|\bstorage\.get(String|Item)?\(|getSharedPreferences|\bprefs\.get\w*\(|SharedPreferences|UserDefaults|\.getString\(\s*['"][^'"]*(token|session|auth)/i,
	// login / unlock actions
	/\b(dispatch|store\.dispatch)\(\s*\w*(login|unlock|signIn|authenticate)\w*|\b(signIn|logIn|login|unlock|unlockApp|onUnlock|onAuthenticated|grantAccess|completion\(\s*true\s*\)|onSuccess\(\s*\))/i,
	// tokens
	/\b(access|refresh|auth|session)_?[tT]oken\b/,
];

export function grantsAccess(code: string): boolean {
	// Comments say nothing about what the code does.
	const stripped = code.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ').replace(/(^|[^:'"\\])\/\/[^\n]*/g, '$1').replace(/^[ \t]*#[^\n]*/gm, '');
	return GRANT.some((re) => re.test(stripped));
}
