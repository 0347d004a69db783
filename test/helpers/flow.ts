import type { Node } from 'web-tree-sitter';
import { CODE_GRAMMAR, type FileKind } from '../../server/src/engine/files';
import { Flow, flowOf } from '../../server/src/engine/flow';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { LineIndex } from '../../server/src/engine/text';
import type { RuleContext, SourceFile } from '../../server/src/engine/types';

export interface FlowFixture {
	flow: Flow;
	text: string;
	notes: string[];
	/** The smallest named node covering the `n`-th occurrence (0-based) of `needle`. */
	at(needle: string, n?: number): Node;
	/** 1-based line of an offset. */
	line(offset: number): number;
	dispose(): void;
}

/** Parse `text` as a file of `kind` and give the flow layer for it (a minimal rule context). */
export async function flowFixture(kind: FileKind, text: string, path = `/p/src/file.${kind}`): Promise<FlowFixture> {
	const grammar = CODE_GRAMMAR[kind]!;
	const { tree } = await parseCode(grammar, text, 20_000);
	if (!tree) throw new Error('parse failed');
	const lines = new LineIndex(text);
	const file: SourceFile = { path, text, kind, lines, isDebugSource: false };
	const notes: string[] = [];
	const ctx = {
		file,
		tree,
		project: undefined as never,
		report() {},
		note: (m: string) => notes.push(m),
		range: (s: number, e: number) => lines.range(s, e),
		nodeText: (n: Node) => text.slice(n.startIndex, n.endIndex),
	} as RuleContext;
	const flow = flowOf(ctx)!;
	return {
		flow,
		text,
		notes,
		at(needle: string, n = 0) {
			let i = -1;
			for (let k = 0; k <= n; k++) {
				i = text.indexOf(needle, i + 1);
				if (i < 0) throw new Error(`"${needle}" #${n} not found`);
			}
			return tree.rootNode.namedDescendantForIndex(i, i + needle.length - 1)!;
		},
		line: (o: number) => lines.position(o).line + 1,
		dispose: () => tree.delete(),
	};
}
