import * as fs from 'node:fs';
import { Language, Parser, Tree } from 'web-tree-sitter';
import type { GrammarName } from '../files';
import { repairGrammar } from './grammarFixes';
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
		// Read here rather than by path: a grammar with a known defect is repaired first (grammarFixes.ts).
		// fs.readFile with a callback, not fs.promises: the promises module is otherwise never loaded in a scan
		// worker, and loading it cost each fresh thread ~6 ms before its first grammar.
		p = new Promise<Buffer>((resolve, reject) => fs.readFile(wasmPath(name), (e, bytes) => (e ? reject(e) : resolve(bytes)))).then((bytes) => Language.load(repairGrammar(name, bytes)));
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
