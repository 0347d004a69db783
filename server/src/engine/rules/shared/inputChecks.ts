import type { Node } from 'web-tree-sitter';

/**
 * Whether JavaScript code runs only after untrusted input was checked: the
 * checks rn-deeplink-unvalidated and rn-webview-bridge-unvalidated accept
 * before a deep link or a WebView message may act.
 *
 * - `origin`: the URL's origin, host or scheme compared with constants or an
 *   allow-list (`new URL(u).host === HOST`, `url.startsWith('https://shop/')`,
 *   `ALLOWED_ORIGINS.some(…)`, `isTrustedUrl(u)`, `/^https:\/\/shop\//.test(u)`);
 * - `state`: a `state` / `nonce` parameter compared with the value the app
 *   issued (an OAuth-style login callback that the app started itself);
 * - `confirm`: the user confirms first (`Alert.alert(…, [{ onPress: () => login() }])`,
 *   `if (!(await confirmSignIn())) return`).
 *
 * A check counts when it dominates the use in the code as written: the use sits
 * in the branch a checking condition guards (`if`, `?:`, `&&` / `||`), after an
 * early exit whose condition checks (`if (!ok) return;`), or in a callback of a
 * confirmation dialog. Conditions are read as text, with the initialisers of
 * the names they test (`const ok = isAllowed(u); if (!ok) return;`). A check in
 * the wrong direction is not told apart (silence is the cheaper mistake).
 */
export type CheckKind = 'origin' | 'state' | 'confirm';

/** Parts of a parsed URL that say where it points. */
const URL_PART = /\.(?:host|hostname|origin|protocol|scheme|domain)\b/;
/** A comparison or membership test. */
const COMPARES = /[!=]==?|\b(?:includes|has|some|every|indexOf|startsWith|endsWith|test|match|contains)\s*\(|\bin\b/;
/** Prefix / pattern tests whose argument pins a scheme or origin. */
// Inside `${…}` the name is one word holding ORIGIN/HOST/…: a look-ahead finds the keyword once and `\w+`
// takes the word (`\w*KW\w*\s*\}` retried every split of a long word: quadratic).
export const PREFIX_TEST = /\b(?:startsWith|endsWith|indexOf|hasPrefix)\s*\(\s*(?:['"`](?:[a-z][\w+.-]*:|[\w-]+\.[\w.-]+)|`\$\{\s*(?:[A-Z][A-Z0-9_]*|(?=\w*(?:ORIGIN|HOST|DOMAIN|BASE|Origin|Host|Domain|Base))\w+)\s*\}|[A-Z][A-Z0-9_]*\b|\w*(?:ORIGIN|HOST|DOMAIN|BASE|Origin|Host|Domain|Base)\w*)/;
const REGEX_TEST = /\/\^?(?:\(\?:)?(?:https?|[a-z][\w+.-]*)(?:\\\/|:|\\:)(?:[^/\n]|\\\/)*\/[gimsuy]*\.test\s*\(/;
/** An inline allow-list of URLs: `['https://shop.example'].some((o) => url.startsWith(o))`. */
const LITERAL_LIST = /\[\s*['"`](?:https?|[a-z][\w+.-]*):\/\/[^\]]*\]\s*\.\s*(?:some|includes|find|indexOf|every)\s*\(/;
/** Allow-lists and validators by name. */
export const ALLOW_NAMES = /\b(?:(?=[A-Z_]*\b)[A-Z_]*?(?:ALLOWED|ALLOWLIST|WHITELIST|TRUSTED|PERMITTED|SAFE_(?:HOSTS|ORIGINS|SCHEMES|DOMAINS))[A-Z_]*|\w*(?:[Aa]llow(?:ed)?[Ll]ist|[Ww]hite[Ll]ist|[Aa]llowed(?:Hosts|Origins|Schemes|Domains|Urls|URLs|Prefixes)|[Tt]rusted(?:Hosts|Origins|Schemes|Domains|Urls|URLs|Prefixes)))\b|\bis(?:Allowed|Trusted|Safe|Internal|Own|FirstParty|Whitelisted|Permitted|Known|Valid)(?:Url|URL|Uri|URI|Origin|Host|Domain|Link|Scheme|Source|Sender)?\w*\s*\(|\b(?:validate|verify|check)(?=\w*?(?:Url|URL|Uri|URI|Origin|Host|Domain|Link|Scheme|Source|Sender))\w*\s*\(/;
/**
 * A state / nonce compared within one `&&` / `||` operand (a state word before or after `==` / `!=`),
 * or a state validator called. Read per operand (split at `&` / `|`), so that the scan from each state
 * word or operator to the next `&` / `|` (`[^&|]*`) does not start again at every occurrence.
 */
const STATE_WORD = /\b(?:state|nonce|csrf|xsrf|oauthState|expectedState|savedState|storedState|pendingState)/;
const STATE_WORD_AFTER = /\b(?:state|nonce|csrf|xsrf)/;
const EQ_OP = /[!=]=/;
const STATE_CALL = /\b(?:verify|check|validate|consume)\w*(?:State|Nonce)\s*\(/;
function checksState(text: string): boolean {
	for (const part of text.split(/[&|]/)) {
		const w = part.search(STATE_WORD);
		if (w >= 0 && EQ_OP.test(part.slice(w))) return true;
		// The operator's second character is `=`: the word after it starts at a word boundary as in the whole text.
		const op = part.search(EQ_OP);
		if (op >= 0 && STATE_WORD_AFTER.test(part.slice(op + 2))) return true;
	}
	return STATE_CALL.test(text);
}
// `(?=\w*$)\w*?Confirm\w*`: `\w*Confirm\w*` read once (the name is checked, then its first `Confirm` found).
const CONFIRM_CALL = /(?:^|\.)(?:confirm\w*|(?=\w*$)\w*?Confirm\w*|ask\w*|prompt\w*)$/;
// `(?=\w*?Confirm)\w+` for `\w*Confirm\w*`: the name runs to its end either way (a blank, `(`, `,` or `)` follows); found once, not retried at every `Confirm` in it.
const CONFIRM_TEXT = /\b(?:confirm\w*|(?=\w*?Confirm)\w+|ask(?:User|To|Before)\w*)\s*\(|\b(?:call|apply)\s*\(\s*(?:[\w$]+\.)*(?:confirm\w*|(?=\w*?Confirm)\w+)\s*[,)]/;

const FUNCTION = /^(arrow_function|function_expression|function|function_declaration|generator_function|generator_function_declaration|method_definition)$/;
const EXITS = /^(return_statement|throw_statement|break_statement|continue_statement)$/;

/** Does a condition's text check input in one of these ways? */
export function conditionChecks(text: string, kinds: ReadonlySet<CheckKind>): CheckKind | undefined {
	if (kinds.has('origin')) {
		if (URL_PART.test(text) && COMPARES.test(text)) return 'origin';
		if (PREFIX_TEST.test(text) || REGEX_TEST.test(text) || ALLOW_NAMES.test(text) || LITERAL_LIST.test(text)) return 'origin';
	}
	if (kinds.has('state') && checksState(text)) return 'state';
	if (kinds.has('confirm') && CONFIRM_TEXT.test(text)) return 'confirm';
	return undefined;
}

/** A statement that always leaves the block: `return`, `throw`, or a block ending in one. */
function exits(stmt: Node | null): boolean {
	if (!stmt) return false;
	if (EXITS.test(stmt.type)) return true;
	if (stmt.type === 'statement_block') {
		const kids = stmt.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
		return kids.length > 0 && exits(kids[kids.length - 1]!);
	}
	if (stmt.type === 'expression_statement') return /^(?:navigation|navigator|props\.navigation)\.goBack\(\)/.test(stmt.text.trim());
	return false;
}

/** The text a condition tests, with the initialisers of the plain names it mentions declared earlier in `block`. */
function conditionText(cond: Node, block: Node | null, before: number): string {
	let text = cond.text;
	if (!block) return text;
	const names = new Set(text.match(/(?<![\w$.])[A-Za-z_$][\w$]*(?![\w$])/g) ?? []);
	for (const stmt of block.namedChildren) {
		if (!stmt || stmt.startIndex >= before) break;
		if (stmt.type !== 'lexical_declaration' && stmt.type !== 'variable_declaration') continue;
		for (const d of stmt.namedChildren) {
			const name = d?.childForFieldName('name');
			const value = d?.childForFieldName('value');
			if (name && value && names.has(name.text)) text += `\n${value.text}`;
		}
	}
	return text;
}

/**
 * The check dominating `use`, if any, looking from `use` up to the body of
 * `stop` (inclusive; the nearest function when `use` is not inside `stop`).
 */
export function checkedBefore(use: Node, stop: Node | undefined, kinds: ReadonlySet<CheckKind>): { kind: CheckKind; node: Node } | undefined {
	const inside = !!stop && stop.startIndex <= use.startIndex && use.endIndex <= stop.endIndex;
	let cur: Node = use;
	for (let p = use.parent, i = 0; p && i < 200; cur = p, p = p.parent, i++) {
		switch (p.type) {
			case 'if_statement': {
				const cond = p.childForFieldName('condition');
				if (cond && cond.id !== cur.id) {
					const k = conditionChecks(conditionText(cond, p.parent, p.startIndex), kinds);
					if (k) return { kind: k, node: cond };
				}
				break;
			}
			case 'ternary_expression': {
				const cond = p.childForFieldName('condition');
				if (cond && cond.id !== cur.id) {
					const k = conditionChecks(cond.text, kinds);
					if (k) return { kind: k, node: cond };
				}
				break;
			}
			case 'binary_expression': {
				const op = p.childForFieldName('operator')?.text;
				const left = p.childForFieldName('left');
				if ((op === '&&' || op === '||') && left && left.id !== cur.id) {
					const k = conditionChecks(left.text, kinds);
					if (k) return { kind: k, node: left };
				}
				break;
			}
			case 'arguments': {
				// A callback of a confirmation dialog: `Alert.alert(title, text, [{ text: 'OK', onPress: () => login(t) }])`.
				const call = p.parent;
				const callee = call?.childForFieldName('function')?.text ?? '';
				if (kinds.has('confirm') && (/^Alert\.(?:alert|prompt)$/.test(callee) || CONFIRM_CALL.test(callee)) && cur.type !== 'identifier') return { kind: 'confirm', node: call! };
				break;
			}
			case 'statement_block':
			case 'program': {
				// Early exits before the use: `if (!isAllowed(url)) return;`
				for (const stmt of p.namedChildren) {
					if (!stmt || stmt.startIndex >= cur.startIndex) break;
					if (stmt.type === 'if_statement' && !stmt.childForFieldName('alternative') && exits(stmt.childForFieldName('consequence'))) {
						const cond = stmt.childForFieldName('condition');
						const k = cond ? conditionChecks(conditionText(cond, p, stmt.startIndex), kinds) : undefined;
						if (k) return { kind: k, node: cond! };
					}
					// `await confirmOpen(url)` / `assertTrustedUrl(url)` as a statement of its own.
					if (stmt.type === 'expression_statement' && /^(?:await\s+)?(?:[\w$.]+\.)?(?:assert|ensure|require)\w*(?:Url|URL|Origin|Host|Scheme|Allowed|Trusted)\w*\s*\(/.test(stmt.text.trim())) {
						if (kinds.has('origin')) return { kind: 'origin', node: stmt };
					}
				}
				break;
			}
		}
		if (FUNCTION.test(p.type) && (!inside || p.id === stop!.id)) return undefined;
	}
	return undefined;
}

/** The innermost function (JavaScript node types) containing offset `at`. */
export function functionAt(root: Node, at: number): Node | undefined {
	for (let n: Node | null = root.descendantForIndex(at, at); n; n = n.parent) if (FUNCTION.test(n.type)) return n;
	return undefined;
}

/**
 * Whether an untrusted value is checked on its way from its source to a sink:
 * at the sink (up to the sink's function, or the source's function when the
 * sink is inside it), and where the value leaves the source's function (the
 * last step of the path inside it: a call passing it on). `steps` are the
 * origin's path steps (offsets).
 */
export function pathChecked(root: Node, source: { start: number; end: number; steps: readonly { start: number; end: number }[] }, sink: Node, kinds: ReadonlySet<CheckKind>): { kind: CheckKind; node: Node } | undefined {
	const srcFn = functionAt(root, source.start);
	const atSink = checkedBefore(sink, srcFn, kinds);
	if (atSink) return atSink;
	if (!srcFn || (srcFn.startIndex <= sink.startIndex && sink.endIndex <= srcFn.endIndex)) return undefined;
	const inside = source.steps.filter((s) => srcFn.startIndex <= s.start && s.end <= srcFn.endIndex);
	const exit = inside.length > 0 ? inside[inside.length - 1]! : source;
	const node = root.descendantForIndex(exit.start, Math.max(exit.start, exit.end - 1));
	return node ? checkedBefore(node, srcFn, kinds) : undefined;
}
