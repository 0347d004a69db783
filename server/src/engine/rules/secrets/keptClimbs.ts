import type { Node } from 'web-tree-sitter';
import { flowOf } from '../../flow';
import type { AnswerMemo } from '../../flow/answerMemo';
import { readStructure, recordAnswer, tracking } from '../../flow/footprint';
import type { RuleContext } from '../../types';

/**
 * secret-credential-literal climbs from every credential word of a file (`token`, `password`…) to the
 * string literals around it, on every keystroke: in a 100 KB Dart file ~200 climbs, each a
 * descendantForIndex and up to five parents (node objects from the parser), ~4 ms and ~0.5 MB per edit.
 * Almost every climb finds no literal bound to a name holding its word. For an open Dart or Swift
 * document that outcome is kept in the flow layer's answer memo (flow/answerMemo.ts), with the spans the
 * climb read, and carried to the next tree like a flow answer: after an edit inside one function, a
 * word outside it whose climb read nothing of that function is not climbed again.
 *
 * Only "no literal found" is kept. A climb that finds one goes on to read things beyond the nodes it
 * climbed (the literal's line, debug guards, whether an auth API receives the literal, the project's
 * vocabulary, which literals earlier words already reported): it runs again on every edit, as before.
 *
 * What a climb that finds nothing reads, and records as spans: the node at the word (a comment ends it
 * there), then each ancestor it looks at (its quotes, its string children and, for each, the binding
 * its parent gives it: `bindingOf` reads the parent's fields and the child's siblings, all inside the
 * ancestor). The exceptions are the parents whose binding is a call's key (`map.put("k", v)`: shared
 * bindings.ts mapPut): there `bindingOf` reads the call around the arguments (the call node, its
 * receiver chain and the node holding that chain), at most four levels above the ancestor, so the span
 * recorded is that fourth ancestor's. A return's binding reads the enclosing function too, but its kind
 * alone already makes it no hit. Bindings of JSX attributes read above the ancestor as well: JS and TSX
 * keep climbing every time (this memo is for Dart, Swift and Objective-C only: the Objective-C bindings,
 * `init_declarator`, `assignment_expression`, `dictionary_pair` and a C call's `argument_list`, read as
 * the others do; test/unit/secretLiteralEditsObjc.test.ts).
 *
 * Each of those spans is recorded as a structure read (flow/footprint.ts readStructure): a layout edit
 * (spaces or tabs added to or removed from the white space between two statements, members or other
 * children of an adapter's body type, which stays non-empty, no line added or removed) keeps every
 * node, type, field and token and moves offsets
 * after it by one amount, and the climb reads nothing else: quote positions (white space is not a
 * quote), string children (types), bindings (fields, siblings and the text of names and keys; a name's
 * text holds the gap only if the name holds a whole block, and then white space already parts the
 * tokens on both sides, so the words it holds stay the same). Without it, one space typed at the end of
 * a line in a class re-climbed every word whose climb went up through that class body (a word in a
 * member declaration reaches it in two steps): ~30 climbs per keystroke on rocketchat-rn's VoipService.
 */

/** Process-wide counts (tests and benchmarks): climbs carried over from the previous tree, and climbed. */
export const keptClimbStats = { kept: 0, climbed: 0 };

const TAG = 'secret-literal:no-hit';

/** Parents whose binding of a child is read from the call around them (bindings.ts `mapPut`). */
const CALL_KEY_PARENTS = new Set(['argument_list', 'arguments', 'argument', 'value_argument']);
/** How far above such a parent `mapPut` reads: arguments → argument part → call → the chain's holder. */
const CALL_KEY_REACH = 4;

export interface KeptClimbs {
	/** Whether the climb from the word at [start, end) is known to find no literal (carried from the previous tree). */
	known(start: number, end: number): boolean;
	/** Run the climb `find` with its reads recorded; an outcome of no literal is kept for the next tree. */
	climb<T>(start: number, end: number, find: () => T | undefined): T | undefined;
}

/** The memo of climbs for an open Dart, Swift or Objective-C document (undefined in a scan, or for other languages). */
export function keptClimbs(ctx: RuleContext): KeptClimbs | undefined {
	if (ctx.file.kind !== 'dart' && ctx.file.kind !== 'swift' && ctx.file.kind !== 'objc') return undefined;
	const memo: AnswerMemo | undefined = flowOf(ctx)?.state.answerMemo();
	if (!memo) return undefined;
	return {
		known(start, end) {
			const k = memo.getAt<boolean>(TAG, start, end, (v) => v) === true;
			if (k) keptClimbStats.kept++;
			return k;
		},
		climb(start, end, find) {
			keptClimbStats.climbed++;
			const { value, footprint } = recordAnswer(find);
			if (value === undefined) memo.setAt(TAG, start, end, true, footprint);
			return value;
		},
	};
}

/** Record that a climb read `n` (its structure, quotes, children), and what `bindingOf` reads above it for its children. */
export function readClimbed(n: Node): void {
	if (!tracking()) return;
	readStructure(n.startIndex, n.endIndex);
	if (!CALL_KEY_PARENTS.has(n.type)) return;
	let top: Node = n;
	for (let i = 0; i < CALL_KEY_REACH; i++) {
		const p = top.parent;
		if (!p) break;
		top = p;
	}
	readStructure(top.startIndex, top.endIndex);
}
