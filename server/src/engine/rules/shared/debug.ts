import type { Node } from 'web-tree-sitter';
import type { SourceFile } from '../../types';

/** Conditions that mean "debug build only" in each stack. */
export const DEBUG_FLAG = /(__DEV__|\bIS_DEV\b|\bisDev\b|BuildConfig\.DEBUG|\bkDebugMode\b|\bDEBUG\b|isDebugBuild|process\.env\.NODE_ENV\s*[!=]==?\s*['"]development['"]|APP_VARIANT\s*[!=]==?\s*['"]development['"])/;
const CONDITIONAL = /^(if_statement|if_expression|ternary_expression|conditional_expression|if_element|conditional_element)$/;

function conditionOf(n: Node): Node | null {
	return n.childForFieldName('condition') ?? n.namedChild(0);
}

/**
 * Whether `node` only runs in debug builds: inside `if (__DEV__)`,
 * `if (BuildConfig.DEBUG)`, `kDebugMode ? a : b` and the like (taking `!`
 * into account), in a `#if DEBUG` block, or in a debug-only source set.
 */
export function isDebugOnly(file: SourceFile, node: Node): boolean {
	if (file.isDebugSource) return true;
	if (inIfDebugDirective(file.text, node.startIndex)) return true;
	let child: Node = node;
	for (let a = node.parent; a; child = a, a = a.parent) {
		if (!CONDITIONAL.test(a.type)) continue;
		const cond = conditionOf(a);
		if (!cond || cond.id === child.id) continue;
		const condText = cond.text;
		if (!DEBUG_FLAG.test(condText)) continue;
		const negated = /^\(?\s*!/.test(condText) || /[!=]==?\s*false|!==?\s*['"]development/.test(condText) || /!=\s*['"]development/.test(condText);
		const branches = a.namedChildren.filter((c): c is Node => c !== null && c.id !== cond.id && c.type !== 'comment');
		const idx = branches.findIndex((b) => b.startIndex <= node.startIndex && node.endIndex <= b.endIndex);
		if (idx < 0) continue;
		if ((!negated && idx === 0) || (negated && idx === 1)) return true;
	}
	return false;
}

/** `#if DEBUG` ... `#else`/`#endif` regions (Swift, Objective-C), scanned textually. */
export function inIfDebugDirective(text: string, offset: number): boolean {
	if (!text.includes('#if')) return false;
	const stack: boolean[] = [];
	const re = /^[ \t]*#(if|ifdef|ifndef|elseif|elif|else|endif)\b([^\n]*)/gm;
	for (let m = re.exec(text); m && m.index < offset; m = re.exec(text)) {
		const d = m[1]!;
		const arg = m[2]!.trim();
		if (d === 'if' || d === 'ifdef') stack.push(/^(DEBUG|\(DEBUG\)|defined\(DEBUG\)|DEBUG\s*==?\s*1)$/.test(arg));
		else if (d === 'ifndef') stack.push(false);
		else if (d === 'else' || d === 'elseif' || d === 'elif') {
			if (stack.length) stack[stack.length - 1] = false;
		} else if (d === 'endif') stack.pop();
	}
	return stack.some((x) => x);
}
