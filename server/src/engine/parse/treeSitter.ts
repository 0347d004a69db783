import { Language, Parser, Tree } from 'web-tree-sitter';
import type { GrammarName } from '../files';
import { wasmPath } from './grammars';
import { beforeGrammarCompile, beforeRuntimeCompile } from './wasmTiering';

// The rules' time budget at every tree access that grows with the input (parent climbs, children lists).
import './budgetHooks';
// `node.parent` answered once per node and tree (it descends from the root in tree-sitter 0.25).
import './parentCache';

let initPromise: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();
const parsers = new Map<GrammarName, Parser>();

/**
 * Compile the parser runtime (once). The language server calls it at start-up, so that the runtime is
 * its own (optimisable) one before any scan worker sets the process-wide Liftoff flag: wasmTiering.ts.
 */
export function initParserRuntime(): Promise<void> {
	initPromise ??= (async () => {
		beforeRuntimeCompile();
		await Parser.init({ locateFile: () => wasmPath('runtime') });
		// Every grammar is compiled after this (getLanguage awaits it): see wasmTiering.ts.
		beforeGrammarCompile();
	})();
	return initPromise;
}

/** Grammars load lazily, once each; a project with no Swift never loads Swift. */
export async function getLanguage(name: GrammarName): Promise<Language> {
	await initParserRuntime();
	let p = languages.get(name);
	if (!p) {
		p = Language.load(wasmPath(name));
		languages.set(name, p);
		p.catch(() => languages.delete(name));
	}
	return p;
}

async function getParser(name: GrammarName): Promise<Parser> {
	let parser = parsers.get(name);
	if (!parser) {
		const lang = await getLanguage(name);
		parser = parsers.get(name);
		if (!parser) {
			parser = new Parser();
			parser.setLanguage(lang);
			parsers.set(name, parser);
		}
	}
	return parser;
}

export interface ParseOutcome {
	tree?: Tree;
	/** Set when parsing was cancelled by the time budget. */
	timedOut: boolean;
	ms: number;
}

/**
 * Parse with a time budget enforced through web-tree-sitter's progress
 * callback: some generated files (large Swift mocks) take minutes otherwise.
 */
export async function parseCode(name: GrammarName, text: string, budgetMs: number, oldTree?: Tree): Promise<ParseOutcome> {
	const parser = await getParser(name);
	const t0 = performance.now();
	const deadline = t0 + budgetMs;
	let timedOut = false;
	const progressCallback = (): boolean => {
		if (performance.now() > deadline) {
			timedOut = true;
			return true;
		}
		return false;
	};
	const tree = parser.parse(text, oldTree ?? null, { progressCallback: progressCallback as unknown as () => void }) ?? undefined;
	parser.reset();
	const ms = performance.now() - t0;
	if (timedOut) {
		tree?.delete();
		return { timedOut: true, ms };
	}
	return tree ? { tree, timedOut: false, ms } : { timedOut: false, ms };
}

/** Grammars whose trees from a full parse reparse slowly (measured: Swift; ObjC, Kotlin, Java and TSX do not). */
const SETTLE: ReadonlySet<GrammarName> = new Set<GrammarName>(['swift']);

/**
 * A tree from a full parse, reparsed twice with the text unchanged, for a document that will be
 * edited (the language server's open documents): with the tree-sitter-wasms Swift grammar the first
 * incremental reparse after a full parse costs one to four full parses and the second about one,
 * whatever the edit; only from the third on does a keystroke cost what it costs in steady state
 * (0-50 ms on a 120 KB file, falling with the distance to the end of the file). Measured on the
 * rocketchat-rn Swift files repeated to 100 KB: VoipService first reparses 280-380 ms then ~130,
 * DDPClient 600 then ~0, against a full parse of ~140 ms. Paying that when the document is opened
 * keeps it out of the first keystrokes. Same text, so the same tree (test/unit/treeAccess.test.ts);
 * each reparse has the parse budget of its own (on a 100 KB file of rocketchat-rn's WatchConnection repeated,
 * 150 ms of full parse then 830 + 750 ms of reparses); when one runs out the tree reached so far is kept.
 */
export async function settleTree(name: GrammarName, text: string, outcome: ParseOutcome, budgetMs: number): Promise<ParseOutcome> {
	let tree = outcome.tree;
	// A file whose full parse already took a quarter of the budget is left as parsed: settling costs 2-6 full parses.
	if (!tree || outcome.timedOut || !SETTLE.has(name) || outcome.ms > budgetMs / 4) return outcome;
	let ms = outcome.ms;
	const zero = { row: 0, column: 0 };
	for (let i = 0; i < 2; i++) {
		tree.edit({ startIndex: 0, oldEndIndex: 0, newEndIndex: 0, startPosition: zero, oldEndPosition: zero, newEndPosition: zero });
		const next = await parseCode(name, text, budgetMs, tree);
		ms += next.ms;
		if (!next.tree) break;
		tree.delete();
		tree = next.tree;
	}
	return { tree, timedOut: false, ms };
}
