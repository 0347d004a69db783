import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { urlKey } from '../../server/src/engine/rules/network/cleartextUrlLiteral';
import { FLAGS_ONLY } from '../../server/src/engine/rules/platform/androidImplicitIntent';
import { ALLOW_NAMES, conditionChecks } from '../../server/src/engine/rules/shared/inputChecks';
import { ACCOUNT_LOGIN } from '../../server/src/engine/rules/auth/authLockoutClientOnly';
import { blankQuoted } from '../../server/src/engine/rules/webview/secretReturn';
import { swiftHeaderCalls } from '../../server/src/engine/rules/webview/webviewSessionThirdParty';
import { decodesText } from '../../server/src/engine/rules/rninput/rnDynamicCodeEval';
import { PREFIX_TEST } from '../../server/src/engine/rules/shared/inputChecks';
import { encryptedBoxes } from '../../server/src/engine/rules/storage/writes';
import { onlyLogsThenAccepts } from '../../server/src/engine/flow/build';
import { PROPERTY_LINE } from '../../server/src/engine/project/buildFacts';
import { MODEL_SETS } from '../../server/src/engine/flow/models';

// Patterns rewritten to read each character once (test/redos/known-slow.md): each must give exactly
// what the polynomial original gave. The originals are kept here, and both are run on a deterministic
// set of inputs made of the tokens that matter to them (short: the originals are slow on long ones).

/** Deterministic pseudo-random inputs: `count` strings of up to `maxTokens` tokens. */
function inputs(tokens: readonly string[], count: number, maxTokens: number, seed = 1): string[] {
	let s = seed;
	const next = (n: number): number => {
		s = (s * 1103515245 + 12345) & 0x7fffffff;
		return s % n;
	};
	const out: string[] = [];
	for (let i = 0; i < count; i++) {
		let t = '';
		const n = next(maxTokens + 1);
		for (let k = 0; k < n; k++) t += tokens[next(tokens.length)];
		out.push(t);
	}
	return out;
}

describe('ReDoS rewrites give the same results as the patterns they replace', () => {
	test('cleartext-url-literal: the name bound to a URL on a line', () => {
		const OLD = /["']?([A-Za-z_][\w.]*)["']?\s*[:=]\s*["']?(?:https?|wss?):\/\//i;
		const tokens = ['API_URL', 'a', '0', '9x', '.', '_', 'key', '"', "'", ' ', '\t', '=', ':', 'http://', 'HTTPS://', 'wss://', 'ws:/', 'https', '//', 'x.y', '-', '(', '\u00e9'];
		const cases = [...inputs(tokens, 20000, 10), 'API_URL = "https://x"', '"key": "wss://h"', '0.9abc=http://', 'a b=http://x c=https://y', '.=http://', '12=http://', 'x "=http://', 'k" = \'http://'];
		for (const line of cases) assert.equal(urlKey(line), OLD.exec(line)?.[1], JSON.stringify(line));
	});

	test('android-implicit-intent: a flags expression made of FLAG_ names only', () => {
		const OLD = /^[\s()|&0-9]*(?:(?:[\w.]*\.)?FLAG_\w+|\bor\b|\band\b|[\s()|&0-9])*$/;
		const tokens = ['FLAG_', 'FLAG_IMMUTABLE', 'PendingIntent.', 'Intent.', '.', 'a', 'A', '0', '1', ' ', '|', '&', '(', ')', 'or', 'and', ' or ', '_', 'x.y', '\n', ',', 'if', 'FLAG'];
		const cases = [...inputs(tokens, 20000, 9), 'PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT', '0', '', 'FLAG_A1', '0FLAG_A', 'FLAG_Ax.FLAG_B', 'a.b.FLAG_C | 0x10'];
		for (const t of cases) assert.equal(FLAGS_ONLY.test(t), OLD.test(t), JSON.stringify(t));
	});

	test('input checks: state comparisons and confirmation calls', () => {
		const STATE = /\b(?:state|nonce|csrf|xsrf|oauthState|expectedState|savedState|storedState|pendingState)\w*\b[^&|]*[!=]==?|[!=]==?[^&|]*\b(?:state|nonce|csrf|xsrf)\w*\b|\b(?:verify|check|validate|consume)\w*(?:State|Nonce)\s*\(/;
		const CONFIRM = /\b(?:confirm\w*|\w*Confirm\w*|ask(?:User|To|Before)\w*)\s*\(|\b(?:call|apply)\s*\(\s*(?:[\w$]+\.)*(?:confirm\w*|\w*Confirm\w*)\s*[,)]/;
		const tokens = ['state', 'State', 'nonce', 'csrf', 'oauthState', 'savedState', 'x', '_', '.', ' ', '==', '!=', '===', '=', '!', '&&', '||', '&', '|', '(', ')', ',', 'verify', 'check', 'Nonce', 'confirm', 'Confirm', 'askUser', 'call', 'apply', '$', 'a.', '\n'];
		const cases = [...inputs(tokens, 30000, 10), 'params.state !== expected', 'a == b && state', 'x != savedState', 'verifyState(s)', 'showConfirm (x)', 'fn.call(this, window.doConfirm)', 'onConfirmed(', 'call( $Confirm)'];
		for (const t of cases) {
			assert.equal(conditionChecks(t, new Set(['state'])) === 'state', STATE.test(t), `state ${JSON.stringify(t)}`);
			assert.equal(conditionChecks(t, new Set(['confirm'])) === 'confirm', CONFIRM.test(t), `confirm ${JSON.stringify(t)}`);
		}
	});

	test('webview-session-third-party: URLRequest header assignments', () => {
		const OLD = /(\w+)\s*\.\s*(?:setValue|addValue)\s*\(\s*([^\n]*?)\s*,\s*forHTTPHeaderField\s*:\s*"(Authorization|Cookie|Proxy-Authorization|X-[\w-]*(?:Token|Auth)[\w-]*)"\s*\)/g;
		const tokens = ['request', 'req2', '_', '.', ' ', '\n', 'setValue', 'addValue', '(', ')', '"Bearer"', 'token', ',', 'forHTTPHeaderField', ':', '"Authorization"', '"X-Auth-Token"', '"Cookie"', 'x'];
		const cases = [...inputs(tokens, 20000, 14), 'request.setValue("Bearer \\(t)", forHTTPHeaderField: "Authorization")', 'abc.def.setValue(x, forHTTPHeaderField: "Cookie")'];
		const all = (re: RegExp, t: string): string[] => [...t.matchAll(re)].map((m) => `${m.index} ${m.slice(1).join('\u0001')}`);
		const mine = (t: string): string[] => swiftHeaderCalls(t).map((c) => `${c.index} ${[c.receiver, c.value, c.name].join('\u0001')}`);
		for (const t of cases) assert.deepEqual(mine(t), all(OLD, t), JSON.stringify(t));
		// Calls the old pattern read from each `setValue(` to the line's end; values and headers across lines.
		for (const t of ['a.setValue(a.setValue(x, forHTTPHeaderField: "Cookie")', 'r.setValue(x\n, forHTTPHeaderField: "Cookie")', 'r.setValue(x,\nforHTTPHeaderField: "X-My-Token")', 'r.setValue(\n x, forHTTPHeaderField: "Cookie") q.addValue(y , forHTTPHeaderField : "Authorization" )']) assert.deepEqual(mine(t), all(OLD, t), JSON.stringify(t));
	});

	test('rn-dynamic-code-eval: decoded text (Buffer.from(…, base64|hex) before the first ")", atob, decodeBase64, …)', () => {
		const OLD = /\bBuffer\.from\s*\([^)]*['"](?:base64|hex)['"]|\batob\s*\(|\bbase64\w*\.decode\w*\s*\(|\bdecode(?:Base64|B64|64)\w*\s*\(|\bfromCharCode\s*\(/;
		const tokens = ['Buffer.from(', 'Buffer.from (', 'xBuffer.from(', ')', '(', "'base64'", '"hex"', "'hex", 'base64', "'", '"', ',', ' ', 's', 'atob(', 'decodeB64(', 'fromCharCode (', '\n'];
		const cases = [...inputs(tokens, 20000, 10), "Buffer.from(s, 'base64')", 'Buffer.from(a(s), "hex")', "Buffer.from(Buffer.from(x, 'hex'"];
		for (const t of cases) assert.equal(decodesText(t), OLD.test(t), JSON.stringify(t));
	});

	test('storage writes: Hive boxes opened with an encryptionCipher before the next ";"', () => {
		const OLD = /open(?:Lazy)?Box(?:<[\w<>, ?]*>)?\s*\(\s*['"]([^'"]+)['"][^;]*?encryptionCipher\s*:/g;
		const tokens = ['openBox(', 'openLazyBox<T>(', 'Hive.openBox (', "'a'", '"b"', "'c", ';', ',', ' ', 'encryptionCipher:', 'encryptionCipher :', 'cipher', ')', '\n', 'x'];
		const cases = [...inputs(tokens, 20000, 10), "openBox('a', encryptionCipher: c);", "openBox('a' openBox('b', encryptionCipher: c)"];
		for (const t of cases) assert.deepEqual([...encryptedBoxes(t)], [...new Set([...t.matchAll(OLD)].map((m) => m[1]!))], JSON.stringify(t));
	});

	test('flow: a permissive body that only logs before accepting (the exponential LOG_ONLY pattern)', () => {
		const OLD = /^(?:(?:Log\.\w+|Timber\.\w+|System\.(?:out|err)\.println|println|print|(?:logger|log|LOG|LOGGER)\.\w+)\s*\([^;\n]*\)\s*;?\s*)*(?:return\s+true\s*;?|return\s*;?)?$/;
		const tokens = ['print(', 'Log.d(', 'logger.info (', 'System.out.println(', 'Timber.w(', ')', '(', ';', '\n', ' ', 'x', '"a;b"', 'return', 'return true', 'true', 'printx(', '\t'];
		const cases = [...inputs(tokens, 30000, 9), '', 'return true;', 'Log.d(TAG, "x"); return true;', 'print(a) print(b)\nreturn', 'print(a;) return true', 'print(f(x)) ; ; return'];
		for (const t of cases) assert.equal(onlyLogsThenAccepts(t), OLD.test(t), JSON.stringify(t));
		// Linear where the pattern split every call every way.
		assert.equal(onlyLogsThenAccepts('print()'.repeat(100_000) + 'X'), false);
	});

	test('inputChecks PREFIX_TEST: a `${NAME}` prefix holding ORIGIN/HOST/… read with a look-ahead', () => {
		const OLD = /\b(?:startsWith|endsWith|indexOf|hasPrefix)\s*\(\s*(?:['"`](?:[a-z][\w+.-]*:|[\w-]+\.[\w.-]+)|`\$\{\s*(?:[A-Z][A-Z0-9_]*|\w*(?:ORIGIN|HOST|DOMAIN|BASE|Origin|Host|Domain|Base)\w*)\s*\}|[A-Z][A-Z0-9_]*\b|\w*(?:ORIGIN|HOST|DOMAIN|BASE|Origin|Host|Domain|Base)\w*)/;
		const tokens = ['startsWith(', 'indexOf (', '`${', '${', '}', ' ', 'Host', 'HOST', 'api', 'x', '_', 'A', '`', "'", 'https:', 'a.b', '\n'];
		const cases = [...inputs(tokens, 20000, 9), 'url.startsWith(`${API_HOST}/`)', 'u.startsWith(`${ baseHost }`)', 'u.startsWith(`${apiHostx}`)'];
		for (const t of cases) assert.equal(PREFIX_TEST.test(t), OLD.test(t), JSON.stringify(t));
	});

	test('flow models: receiver and call-text patterns rewritten with the (?=\\w*$)\\w*?KEYWORD\\w* and (?=.*\\)$) recipes', () => {
		/** A model entry's field, by id, from any family. */
		const field = (id: string, key: 'receiver' | 'textMatches' | 'function'): string => {
			for (const set of MODEL_SETS) for (const list of Object.values(set)) if (Array.isArray(list)) for (const e of list as Array<Record<string, unknown>>) if (e.id === id && typeof e[key] === 'string') return e[key] as string;
			throw new Error(`no ${key} in model ${id}`);
		};
		const before: Array<[id: string, key: 'receiver' | 'textMatches' | 'function', old: string, flags?: string]> = [
			['storage.flutter-hive-put', 'receiver', String.raw`(?:.*\.)?(?:Hive\.(?:box|lazyBox)(?:<\w+>)?\(.*\)|(?:_|this\.)?\w*[Bb]ox\w*)`],
			['network.js-xhr-open', 'receiver', String.raw`(?:this\.)?\w*(?:xhr|Xhr|XHR|[Rr]equest|req)\w*`],
			['ipc-android.ui-text', 'receiver', String.raw`(?:.*\.)?\w*(?:[Ee]dit[Tt]ext|EditText|[Ii]nput|[Ss]earch(?:[Vv]iew|[Bb]ar|[Bb]ox|[Ff]ield)?|[Qq]uery(?:[Bb]ox|[Ff]ield|[Vv]iew)|[Tt]ext[Ff]ield|^et[A-Z]\w*)\w*`],
			['ipc-android.ui-text', 'receiver', String.raw`(?:.*\.)?\w*(?:[Ee]dit[Tt]ext|EditText|[Ii]nput|[Ss]earch(?:[Vv]iew|[Bb]ar|[Bb]ox|[Ff]ield)?|[Qq]uery(?:[Bb]ox|[Ff]ield|[Vv]iew)|[Tt]ext[Ff]ield|^et[A-Z]\w*)\w*`, 'i'],
			['webview.android-set-cookie', 'receiver', String.raw`(?:.*\.)?(?:CookieManager\.getInstance\(\)|\w*[Cc]ookie[Mm]anager\w*|cookies)`],
			['tls.ssl-context-init-by-name', 'receiver', String.raw`(?:.*\.)?\w*(?:[Ss]sl|SSL|[Tt]ls|TLS)\w*(?:\(.*\))?`],
			['ipc-android.sql-support-query', 'receiver', String.raw`(?:.*\.)?(?:\w*(?:[Dd]b|DB|[Dd]atabase)\w*(?:\(\))?|getWritableDatabase\(\)|getReadableDatabase\(\)|openOrCreateDatabase\(.*\)|it)`],
			['sensitive.android-account-manager', 'receiver', String.raw`(?:.*\.)?\w*[Aa]ccount[Mm]anager\w*(?:\(.*\))?|AccountManager\.get\(.*\)`],
			['network.okhttp-execute', 'receiver', String.raw`.*newCall\(.*\)`],
			['ipc-android.clip-items', 'receiver', String.raw`(?:.*\.)?(?:\w*[Cc]lip\w*|\w*[Ii]tem\w*|getItemAt\(.*\)|it)`],
			['storage.objc-user-defaults', 'receiver', String.raw`\[NSUserDefaults\w+\]|\[\[NSUserDefaultsalloc\]\w+.*\]|\[NSUbiquitousKeyValueStore\w+\]|(?:self\.|_)?\w*[Dd]efaults\w*|(?:self\.|_)?\w*(?:[Kk]eyValue|[Uu]biquitous|[Cc]loud)[Ss]tore\w*`],
			['storage.ios-user-defaults', 'receiver', String.raw`(?:UserDefaults\.standard|UserDefaults\(.*\)|UserDefaults\.\w+|(?:self\.)?\w*[Dd]efaults\w*|NSUbiquitousKeyValueStore\.default(?:\(\))?|(?:self\.)?\w*(?:[Kk]v|KV|[Kk]eyValue|[Uu]biquitous|[Cc]loud|iCloud)[Ss]tore\w*)`],
			['storage.ios-keychain-wrapper', 'receiver', String.raw`(?:self\.)?\w*[Kk]eychain\w*(?:\(.*\))?(?:\.\w+\(.*\))*|KeychainWrapper\.\w+|KeychainSwift\(\)|Valet\.\w+\(.*\)|(?:self\.)?valet`],
			['buffers.dart-list-filled', 'textMatches', String.raw`filled\s*\([^,]+,\s*0\s*\)`],
			['ipc-android.path-resolve', 'receiver', String.raw`(?:.*\.)?(?:\w*(?:[Dd]ir|[Ff]older|[Pp]ath|[Ff]ile|[Rr]oot|[Cc]ache|[Bb]ase)\w*|cacheDir|filesDir|getCacheDir\(\)|getFilesDir\(\)|externalCacheDir|getExternalCacheDir\(\)|noBackupFilesDir|dataDir|File\(.*\)|(?:java\.nio\.file\.)?Paths\.get\(.*\)|Path\.of\(.*\))`],
			['conv.jvm-base64', 'receiver', String.raw`(?:android\.util\.)?Base64|(?:java\.util\.)?Base64\.get(?:Mime|Url)?(?:Encoder|Decoder)\(\)(?:\.withoutPadding\(\))?|Hex|Charsets\.\w+|StandardCharsets\.\w+|\w*[Cc]harset\w*`],
			['rn-ipc.saga-login', 'textMatches', String.raw`^\w+\s*\(\s*(?:[\w$]+\.)*(?:log[Ii]n(?![a-z])|sign[Ii]n(?![a-z])|set\w*Token|setSession)\w*\s*,`],
			['sensitive.credential-param', 'function', String.raw`.*(?:[Ll]og[Ii]n|LOGIN|[Ss]ign[Ii]n|[Ss]ign[Uu]p|[Rr]egister|[Aa]uthenticat|[Aa]uthoriz|[Ll]ogon|[Vv]erify|[Pp]assword|[Pp]asscode|[Cc]redential|[Uu]nlock|[Rr]efresh[Tt]oken|[Ss]ession|[Oo]tp|OTP|[Pp]in[A-Z]|PIN|[Tt]woFactor|[Mm]fa|MFA|[Rr]eauth).*`],
		];
		const tokens = ['.', '(', ')', '()', 'x', 'a1', '_', 'this.', 'self.', '[', ']', ',', ' ', '0', ', 0)', 'Hive', 'box', 'Box', 'lazyBox', '<int>', 'xhr', 'Request', 'req', 'EditText', 'editText', 'Input', 'search', 'SearchView', 'queryBox', 'TextField', 'et', 'etName', 'ET', 'E', 'CookieManager', 'getInstance', 'cookies', 'Ssl', 'TLS', 'Db', 'database', 'getWritableDatabase', 'openOrCreateDatabase', 'it', 'AccountManager', 'accountManager', 'get', 'newCall', 'Clip', 'item', 'getItemAt', 'NSUserDefaults', '[NSUserDefaults', 'standard]', '[[NSUserDefaultsalloc]', 'NSUbiquitousKeyValueStore', 'Defaults', 'defaults', 'KeyValue', 'cloud', 'Store', 'store', 'UserDefaults', 'kv', 'iCloud', 'default', 'Keychain', 'keychain', 'KeychainWrapper', 'KeychainSwift', 'Valet', 'valet', 'filled', 'filled(', 'f', 'List.', '\n', 'Dir', 'folder', 'Path', 'File(', 'Paths.get', 'Path.of', 'cacheDir', 'Base64', 'getEncoder()', 'Charsets', 'charset', 'Charset', 'Hex', 'login', 'Token', 'set', 'setSession', ',', 'call', 'x.', 'PIN', 'Session', '\u2028'];
		const cases = inputs(tokens, 20000, 7, 7);
		for (const [id, key, old, flags] of before) {
			const now = key === 'textMatches' ? new RegExp(field(id, key), flags) : new RegExp(`^(?:${field(id, key)})$`, flags);
			const was = key === 'textMatches' ? new RegExp(old, flags) : new RegExp(`^(?:${old})$`, flags);
			assert.notEqual(now.source, was.source, `${id}: the model still has the old pattern`);
			for (const t of cases) assert.equal(now.test(t), was.test(t), `${id} ${flags ?? ''} ${JSON.stringify(t)}`);
		}
	});

	test('secret return: quoted strings blanked as the exponential pattern did (escapes, stray backslashes, line ends)', () => {
		const OLD = /(["'])(?:\\.|(?!\1).)*\1/g;
		const cases = [...inputs(['"', "'", '\\', 'a', ' ', '\n', '\r', 'b'], 40000, 12, 3), '"a\\"b"', "'it\\'s' + x", '"abc\\"', '"\\\\"x"', 'f("k", \'v\')'];
		for (const t of cases) assert.equal(blankQuoted(t), t.replace(OLD, ' '), JSON.stringify(t));
		// The original took seconds from about 34 backslashes; this is linear.
		assert.equal(blankQuoted(`"${'\\'.repeat(100_000)}\n`), `"${'\\'.repeat(100_000)}\n`);
	});

	test('auth lockout and input checks: log-in calls and allow-list names', () => {
		const LOGIN = /password|passwd|\b\w*(log[_-]?in|sign[_-]?in|authenticate)\w*\s*\(|\b(fetch|axios\w*|XMLHttpRequest|URLSession|HttpURLConnection|OkHttpClient|Retrofit|Dio|http\.(get|post|put))\s*\(|\.post\s*\(|\bmutation\b/i;
		const ALLOW = /\b(?:[A-Z_]*(?:ALLOWED|ALLOWLIST|WHITELIST|TRUSTED|PERMITTED|SAFE_(?:HOSTS|ORIGINS|SCHEMES|DOMAINS))[A-Z_]*|\w*(?:[Aa]llow(?:ed)?[Ll]ist|[Ww]hite[Ll]ist|[Aa]llowed(?:Hosts|Origins|Schemes|Domains|Urls|URLs|Prefixes)|[Tt]rusted(?:Hosts|Origins|Schemes|Domains|Urls|URLs|Prefixes)))\b|\bis(?:Allowed|Trusted|Safe|Internal|Own|FirstParty|Whitelisted|Permitted|Known|Valid)(?:Url|URL|Uri|URI|Origin|Host|Domain|Link|Scheme|Source|Sender)?\w*\s*\(|\b(?:validate|verify|check)\w*(?:Url|URL|Uri|URI|Origin|Host|Domain|Link|Scheme|Source|Sender)\w*\s*\(/;
		const tokens = ['log', 'in', 'login', 'Log', '-', '_', 'sign', 'In', 'authenticate', 'x', 'X', '1', ' ', '\n', '(', ')', '.', 'ALLOWED', 'TRUSTED', 'SAFE_', 'HOSTS', 'A', 'allowList', 'Allowed', 'Hosts', 'isSafe', 'Url', 'validate', 'check', 'Origin', 'Host', 'fetch', 'post', '$'];
		const cases = [...inputs(tokens, 40000, 8, 11), 'doLogin(', 'user_log-in_x (', 'ALLOWED_HOSTS', 'MY_TRUSTED_x', 'validateUrlNow (', 'checkHost(', 'log-\nin('];
		for (const t of cases) {
			assert.equal(ACCOUNT_LOGIN.test(t), LOGIN.test(t), `login ${JSON.stringify(t)}`);
			assert.equal(ALLOW_NAMES.test(t), ALLOW.test(t), `allow ${JSON.stringify(t)}`);
		}
	});

	test('build facts: key = value of a properties line', () => {
		const OLD = /^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/;
		const cases = [...inputs(['a', 'b.c', '-', ' ', '\t', '=', ':', 'x', '\u2028', '\r', '\n', '"v"', '#', '\u00a0'], 40000, 9, 5), 'org.gradle.jvmargs = -Xmx2g  ', 'k:', 'k =   ', 'k = a \u2028b', 'k = a \u2028 '];
		for (const t of cases) assert.deepEqual(PROPERTY_LINE.exec(t)?.slice(1), OLD.exec(t)?.slice(1), JSON.stringify(t));
	});
});

