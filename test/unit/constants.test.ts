import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import type { GrammarName } from '../../server/src/engine/files';
import { fileConstants, resolveName, resolveString } from '../../server/src/engine/rules/shared/constants';

async function table(lang: GrammarName, code: string) {
	const { tree } = await parseCode(lang, code, 10_000);
	assert.ok(tree);
	return { tree, consts: fileConstants(tree) };
}

function find(n: Node, pred: (n: Node) => boolean): Node | undefined {
	if (pred(n)) return n;
	for (const c of n.namedChildren) {
		const r = c && find(c, pred);
		if (r) return r;
	}
	return undefined;
}

test('JS/TS const, enum and object constants', async () => {
	const { tree, consts } = await table('tsx', `
const TOKEN_KEY = 'auth_token';
let MUTABLE = 'session';
const T2 = \`refresh_token\`;
const T3 = \`\${x}_token\`;
enum Keys { Jwt = 'jwt_key' }
const STORAGE_KEYS = { SESSION: '@session', theme: 'theme' } as const;
AsyncStorage.setItem(TOKEN_KEY, t);
`);
	assert.equal(consts.get('TOKEN_KEY'), 'auth_token');
	assert.equal(consts.get('MUTABLE'), undefined);
	assert.equal(consts.get('T2'), 'refresh_token');
	assert.equal(consts.get('T3'), undefined);
	assert.equal(resolveName('Keys.Jwt', consts), 'jwt_key');
	assert.equal(resolveName('STORAGE_KEYS.SESSION', consts), '@session');
	const call = find(tree.rootNode, (n) => n.type === 'call_expression')!;
	assert.equal(resolveString(call.childForFieldName('arguments')!.namedChild(0), consts), 'auth_token');
	assert.equal(resolveString(call.childForFieldName('arguments')!.namedChild(1), consts), undefined);
});

test('Kotlin const val / val, companion objects; var ignored', async () => {
	const { consts } = await table('kotlin', `
const val TOKEN_KEY = "auth_token"
class Prefs {
    companion object {
        private const val PWD = "user_password"
    }
    fun f() {
        val local = "session_id"
        var changing = "x"
        val tpl = "a$changing"
    }
}
`);
	assert.equal(consts.get('TOKEN_KEY'), 'auth_token');
	assert.equal(consts.get('PWD'), 'user_password');
	assert.equal(resolveName('Prefs.PWD', consts), 'user_password');
	assert.equal(consts.get('local'), 'session_id');
	assert.equal(consts.get('changing'), undefined);
	assert.equal(consts.get('tpl'), undefined);
});

test('Java static final fields', async () => {
	const { consts } = await table('java', `class A { private static final String KEY = "auth_token"; private String notFinal = "pwd"; void f() { final String k2 = "otp"; } }`);
	assert.equal(consts.get('KEY'), 'auth_token');
	assert.equal(resolveName('A.KEY', consts), 'auth_token');
	assert.equal(consts.get('notFinal'), undefined);
	assert.equal(consts.get('k2'), 'otp');
});

test('Swift let, static let, String enums; interpolation ignored', async () => {
	const { consts } = await table('swift', `
let tokenKey = "auth_token"
var mutableKey = "x"
struct Keys { static let session = "session_id" }
enum K: String { case refresh = "refresh_token" }
func f() { let interp = "a\\(x)" }
`);
	assert.equal(consts.get('tokenKey'), 'auth_token');
	assert.equal(consts.get('mutableKey'), undefined);
	assert.equal(resolveName('Keys.session', consts), 'session_id');
	assert.equal(resolveName('K.refresh.rawValue', consts), 'refresh_token');
	assert.equal(consts.get('interp'), undefined);
});

test('Dart const / final / static const', async () => {
	const { consts } = await table('dart', `
const kToken = 'auth_token';
class Keys { static const pin = 'user_pin'; final String x = 'jwt'; }
void f() { final local = 'otp_code'; var v = 'no'; final t = 'a$v'; }
`);
	assert.equal(consts.get('kToken'), 'auth_token');
	assert.equal(resolveName('Keys.pin', consts), 'user_pin');
	assert.equal(consts.get('x'), 'jwt');
	assert.equal(consts.get('local'), 'otp_code');
	assert.equal(consts.get('v'), undefined);
	assert.equal(consts.get('t'), undefined);
});

test('Objective-C NSString *const', async () => {
	const { consts } = await table('objc', `static NSString *const kTokenKey = @"auth_token";\nNSString *notConst = @"x";`);
	assert.equal(consts.get('kTokenKey'), 'auth_token');
	assert.equal(consts.get('notConst'), undefined);
});

test('ambiguous names are not resolved', async () => {
	const { consts } = await table('tsx', `function a() { const K = 'token'; } function b() { const K = 'theme'; }`);
	assert.equal(consts.get('K'), undefined);
});
