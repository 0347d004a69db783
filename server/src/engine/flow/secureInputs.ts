import type { Node } from 'web-tree-sitter';
import type { DefInfo } from './adapters/types';
import type { FlowState } from './state';
import { readName, readSpan } from './footprint';

/**
 * React Native: the state a secure text input edits. `const [pin, setPin] =
 * useState('')` bound to `<TextInput secureTextEntry value={pin}
 * onChangeText={setPin} />` holds what the user typed into a masked field (a
 * password, PIN or OTP), whatever the variable is called: a `secret` by origin.
 */
const USE_STATE = /^\s*\[\s*([\w$]+)\s*,\s*([\w$]+)\s*\]\s*=\s*(?:React\s*\.\s*)?useState\b/;

/** The secure input whose state `d` (element 0 of a `useState` pair) is, or undefined. */
export function secureInputOf(st: FlowState, d: DefInfo): Node | undefined {
	if (st.lang !== 'js' || d.project?.index !== 0 || !d.value) return undefined;
	const open = st.text.lastIndexOf('[', d.id.startIndex);
	readSpan(Math.max(0, open), Math.min(d.holder.endIndex, Math.max(0, open) + 200));
	if (open < 0 || d.id.startIndex - open > 20) return undefined;
	const m = USE_STATE.exec(st.text.slice(open, Math.min(d.holder.endIndex, open + 200)));
	if (!m || m[1] !== d.name) return undefined;
	const setter = m[2]!;
	const fn = st.nearestFunction(d.id);
	const scope = fn ?? st.tree.rootNode;
	// Which inputs exist in the scope, and the elements read below (footprint.ts).
	readName(scope.startIndex, scope.endIndex, 'secureTextEntry');
	const text = st.text;
	const esc = (s: string): string => s.replace(/[$]/g, '\\$&');
	const bound = new RegExp(`\\bvalue\\s*=\\s*\\{\\s*${esc(d.name)}\\s*\\}|\\bonChangeText\\s*=\\s*\\{[^}]*?(?<![\\w$])${esc(setter)}(?![\\w$])`);
	for (let from = scope.startIndex, i = 0; i < 20; i++) {
		const at = text.indexOf('secureTextEntry', from);
		if (at < 0 || at >= scope.endIndex) break;
		from = at + 15;
		let el: Node | null = st.tree.rootNode.descendantForIndex(at, at + 15);
		for (let k = 0; el && k < 5 && !/^jsx_(self_closing|opening)_element$/.test(el.type); k++) el = el.parent;
		if (!el || !/^jsx_(self_closing|opening)_element$/.test(el.type)) continue;
		const t = st.text.slice(el.startIndex, el.endIndex);
		readSpan(el.startIndex, el.endIndex);
		if (/secureTextEntry\s*=\s*\{\s*false\s*\}/.test(t)) continue;
		if (bound.test(t)) return el;
	}
	return undefined;
}
