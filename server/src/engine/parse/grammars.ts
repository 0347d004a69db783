import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GrammarName } from '../files';

/**
 * Where each grammar's .wasm comes from. Chosen by measurement (see README,
 * "Grammar choice"): Kotlin from @tree-sitter-grammars (fewer ERROR nodes on
 * real apps), TS/TSX from tree-sitter-typescript (2x faster than the
 * tree-sitter-wasms build), the rest from tree-sitter-wasms.
 */
export const GRAMMAR_SOURCES: Record<GrammarName | 'runtime', { pkg: string; file: string }> = {
	runtime: { pkg: 'web-tree-sitter', file: 'tree-sitter.wasm' },
	tsx: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-tsx.wasm' },
	typescript: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-typescript.wasm' },
	kotlin: { pkg: '@tree-sitter-grammars/tree-sitter-kotlin', file: 'tree-sitter-kotlin.wasm' },
	java: { pkg: 'tree-sitter-wasms', file: 'out/tree-sitter-java.wasm' },
	swift: { pkg: 'tree-sitter-wasms', file: 'out/tree-sitter-swift.wasm' },
	objc: { pkg: 'tree-sitter-wasms', file: 'out/tree-sitter-objc.wasm' },
	dart: { pkg: 'tree-sitter-wasms', file: 'out/tree-sitter-dart.wasm' },
};

let overrideDir: string | undefined;

/** Entry points may say where the bundled wasm files are. */
export function setWasmDir(dir: string): void {
	overrideDir = dir;
}

/**
 * Bundles ship the .wasm files in a `wasm/` folder next to them; running
 * from sources (tests) finds them in node_modules.
 */
export function wasmPath(name: GrammarName | 'runtime'): string {
	const src = GRAMMAR_SOURCES[name];
	const flat = path.basename(src.file);
	const candidates: string[] = [];
	if (overrideDir) candidates.push(path.join(overrideDir, flat));
	let dir = __dirname;
	for (let i = 0; i < 5; i++) {
		candidates.push(path.join(dir, 'wasm', flat));
		dir = path.dirname(dir);
	}
	for (const c of candidates) if (fs.existsSync(c)) return c;
	try {
		return require.resolve(`${src.pkg}/${src.file}`);
	} catch {
		const pkgJson = require.resolve(`${src.pkg}/package.json`);
		return path.join(path.dirname(pkgJson), src.file);
	}
}
