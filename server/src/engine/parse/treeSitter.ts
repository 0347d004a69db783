import { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { checkBudget } from '../budget';
import type { GrammarName } from '../files';
import { wasmPath } from './grammars';
import { preferBaselineWasm } from './wasmTiering';

/**
 * `node.parent` walks down from the root in tree-sitter 0.25, so its cost grows with the tree's
 * depth, and the rules climb parents everywhere (enclosing function, debug guards): on a generated
 * file nested 30,000 deep one rule spent over a minute there. The getter is where the rules' time
 * budget reaches all of those climbs at once (checkBudget does nothing outside a budget).
 */
const parentGetter = Object.getOwnPropertyDescriptor(Node.prototype, 'parent')?.get;
if (parentGetter) {
	Object.defineProperty(Node.prototype, 'parent', {
		configurable: true,
		get(this: Node) {
			checkBudget();
			return parentGetter.call(this);
		},
	});
}

let initPromise: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();
const parsers = new Map<GrammarName, Parser>();

function init(): Promise<void> {
	preferBaselineWasm();
	initPromise ??= Parser.init({ locateFile: () => wasmPath('runtime') });
	return initPromise;
}

/** Grammars load lazily, once each; a project with no Swift never loads Swift. */
export async function getLanguage(name: GrammarName): Promise<Language> {
	await init();
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
