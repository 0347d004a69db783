import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { extractFacts } from '../../server/src/engine/project/workspaceFacts';
import { REPO_ROOT } from '../helpers/paths';

/**
 * The project model's host / pinning facts skip lexing a source file that holds none of the words a
 * code fact needs (workspaceFacts.ts CODE_FACT_WORDS). The model is a combination of per-file facts,
 * so per-file equality with the ungated reading on every file we have is what keeps it identical.
 * More folders (e.g. unpacked real apps) can be added with MOBSEC_FACTS_DIRS (path-delimited).
 */
function filesUnder(root: string): string[] {
	const out: string[] = [];
	for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
		if (!e.isFile()) continue;
		const abs = path.join(e.parentPath, e.name);
		if (fs.statSync(abs).size <= 1_000_000) out.push(abs);
	}
	return out.sort();
}

const reading = (rel: string, text: string, ungated: boolean): string => {
	try {
		return JSON.stringify(extractFacts(rel, text, { ungated }) ?? null);
	} catch (e) {
		return `threw ${(e as Error).message}`;
	}
};

test('gated project facts equal the ungated reading on every fixture, example and extra file', () => {
	const roots = [path.join(REPO_ROOT, 'test', 'fixtures'), path.join(REPO_ROOT, 'examples'), ...(process.env.MOBSEC_FACTS_DIRS ?? '').split(path.delimiter).filter(Boolean)];
	let withFacts = 0;
	let skippedSources = 0;
	for (const root of roots) {
		for (const abs of filesUnder(root)) {
			const rel = path.relative(root, abs);
			const text = fs.readFileSync(abs, 'utf8');
			const gated = reading(rel, text, false);
			assert.equal(gated, reading(rel, text, true), rel);
			const f = gated.startsWith('threw') ? undefined : (JSON.parse(gated) as ReturnType<typeof extractFacts> | null);
			if (f && (f.hosts.length || f.pins.length || f.stacks.length)) withFacts++;
			if (f && /^(javascript|typescript|tsx|kotlin|java|swift|objc|dart)$/.test(f.kind) && !f.hosts.length && !f.stacks.length && !f.pins.length) skippedSources++;
		}
	}
	// Files of both sorts were compared: some with code facts, some the gate lets go unread.
	assert.ok(withFacts > 50, `${withFacts} files with code facts`);
	assert.ok(skippedSources > 50, `${skippedSources} source files without code facts`);
});

test('each kind of code fact still comes through the gate', () => {
	const cases: Array<[string, string, (f: NonNullable<ReturnType<typeof extractFacts>>) => boolean]> = [
		['src/api.ts', "const base = 'https://api.shop.example.io/v1';", (f) => f.hosts.some((h) => h.host === 'api.shop.example.io')],
		['src/net.ts', 'export const get = (u: string) => fetch(u);', (f) => f.stacks.includes('fetch')],
		['app/src/main/java/a/Net.kt', 'val p = CertificatePinner.Builder().add("api.shop.io", "sha256/AAAA").build()', (f) => f.pins.some((p) => p.mechanism === 'OkHttp CertificatePinner')],
		['ios/App/Net.swift', 'let e = ["api.shop.io": PinnedCertificatesTrustEvaluator()]', (f) => f.pins.some((p) => p.mechanism === 'Alamofire pinning evaluator')],
		['lib/net.dart', 'final c = SecurityContext(withTrustedRoots: false); c.setTrustedCertificatesBytes(b);', (f) => f.pins.some((p) => p.platform === 'flutter')],
		['src/pin.ts', "initializeSslPinning({ 'api.shop.io': { publicKeyHashes: [] } });", (f) => f.pins.some((p) => p.platform === 'rn')],
		['index.js', "import { AppRegistry } from 'react-native';\nAppRegistry.registerComponent('a', () => A);", (f) => f.jsEntry !== undefined],
	];
	for (const [rel, text, holds] of cases) {
		const f = extractFacts(rel, text);
		assert.ok(f && holds(f), rel);
		assert.equal(JSON.stringify(f), JSON.stringify(extractFacts(rel, text, { ungated: true })), rel);
	}
	// A source file without any of the words has no code facts.
	const none = extractFacts('src/util.ts', 'export const add = (a: number, b: number) => a + b; // see https-docs');
	assert.deepEqual([none?.hosts, none?.stacks, none?.pins], [[], [], []]);
});
