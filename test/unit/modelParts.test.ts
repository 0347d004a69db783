import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalizeSettings } from '../../common/src/settings';
import { runScan, type ScanReport } from '../../server/src/cli/scanRunner';
import { setWasmDir } from '../../server/src/engine/parse/grammars';
import { OPTIONAL_PARTS, PART_FIELDS, partsFor } from '../../server/src/engine/project/modelParts';
import { ALL_RULE_META } from '../../server/src/engine/rules/registry';
import { toPosix } from '../../server/src/engine/files';
import { ProjectIndex } from '../../server/src/engine/project/projectIndex';
import { scanFile } from '../../server/src/scan/scanFile';
import { listWorkspaceSync, scanTargets } from '../../server/src/engine/workspace';
import { CLI, REPO_ROOT } from '../helpers/paths';

setWasmDir(path.join(path.dirname(CLI), 'wasm'));

/**
 * A scan of some files only (`--include`) leaves out the optional parts of the project model that no
 * rule able to run on those files reads (project/modelParts.ts). Two things keep that exact: the
 * readers are complete (every rule module that reads a part's fields, itself or through a helper it
 * imports, is listed), and an --include scan reports exactly the whole scan's findings on its files.
 */

const ENGINE = path.join(REPO_ROOT, 'server', 'src', 'engine');

function engineSources(): Map<string, string> {
	const out = new Map<string, string>();
	for (const e of fs.readdirSync(ENGINE, { recursive: true, withFileTypes: true })) {
		if (e.isFile() && e.name.endsWith('.ts')) out.set(path.join(e.parentPath, e.name), fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
	}
	return out;
}

/** Rule ids defined in the rule modules that read a part's fields, directly or through modules they import (the project model's own modules excluded: they build the fields). */
function readersFromSources(fields: readonly string[], sources: ReadonlyMap<string, string>): { ids: Set<string>; files: string[]; computedIds: string[] } {
	const reads = new RegExp(`project\\??\\.(?:${fields.join('|')})\\b`);
	const imports = new Map<string, Set<string>>();
	for (const [file, text] of sources) {
		const deps = new Set<string>();
		for (const m of text.matchAll(/from\s+'(\.[^']+)'/g)) {
			const target = path.resolve(path.dirname(file), m[1]!);
			for (const c of [`${target}.ts`, path.join(target, 'index.ts')]) if (sources.has(c)) deps.add(c);
		}
		imports.set(file, deps);
	}
	const own = (f: string): boolean => f.startsWith(path.join(ENGINE, 'project') + path.sep) || f.endsWith(`${path.sep}registry.ts`);
	const closure = new Set([...sources].filter(([f, t]) => !own(f) && reads.test(t)).map(([f]) => f));
	for (let grown = true; grown; ) {
		grown = false;
		for (const [f, deps] of imports) {
			if (closure.has(f) || own(f) || ![...deps].some((d) => closure.has(d))) continue;
			closure.add(f);
			grown = true;
		}
	}
	const ids = new Set<string>();
	const computedIds: string[] = [];
	for (const f of closure) {
		const text = sources.get(f)!;
		for (const m of text.matchAll(/\bid:\s*'([^']+)'/g)) ids.add(m[1]!);
		if (/\bid:\s*[`$\w]/.test(text.replace(/\bid:\s*'[^']*'/g, ''))) computedIds.push(path.relative(REPO_ROOT, f));
	}
	return { ids, files: [...closure].map((f) => path.relative(REPO_ROOT, f)).sort(), computedIds };
}

test('every rule that reads an optional part of the model declares it (RuleMeta.modelParts)', () => {
	const sources = engineSources();
	const known = new Set(ALL_RULE_META.map((m) => m.id));
	for (const part of OPTIONAL_PARTS) {
		const found = readersFromSources(PART_FIELDS[part], sources);
		assert.ok(found.files.length > 0, `${part}: no module reads ${PART_FIELDS[part].join(', ')}`);
		assert.deepEqual(found.computedIds, [], `${part}: rule ids computed in ${found.computedIds.join(', ')}: list their readers by hand and check them here`);
		const readers = new Set(ALL_RULE_META.filter((m) => m.modelParts?.includes(part)).map((m) => m.id));
		assert.ok(readers.size > 0, `${part}: no rule declares it`);
		assert.deepEqual([...found.ids].filter((id) => known.has(id) && !readers.has(id)).sort(), [], `${part}: rules that read ${PART_FIELDS[part].join(', ')} but do not declare modelParts: ['${part}']`);
	}
});

test('the readers check bites: a module reading a part through a helper is found', () => {
	const sources = new Map([
		[path.join(ENGINE, 'rules', 'x', 'helper.ts'), 'export const h = (ctx) => ctx.project.links;'],
		[path.join(ENGINE, 'rules', 'x', 'rule.ts'), "import { h } from './helper';\nexport const r = { meta: { id: 'x-rule' } };"],
		[path.join(ENGINE, 'rules', 'x', 'other.ts'), "export const o = { meta: { id: 'x-other' } }; // project.linksFoo"],
	]);
	assert.deepEqual([...readersFromSources(PART_FIELDS.build, sources).ids], ['x-rule']);
});

test('which parts a set of files needs', () => {
	assert.deepEqual([...partsFor(['src/App.tsx', 'src/api.ts', 'index.js'], ALL_RULE_META)], []);
	assert.deepEqual([...partsFor(['package.json'], ALL_RULE_META)], ['dependencies']);
	assert.deepEqual([...partsFor(['android/app/src/main/AndroidManifest.xml'], ALL_RULE_META)], ['build']);
	assert.deepEqual([...partsFor(['res/values/strings.xml'], ALL_RULE_META)].sort(), ['build']);
	assert.deepEqual([...partsFor(['ios/App/Info.plist'], ALL_RULE_META)], ['build']);
	assert.deepEqual([...partsFor(['ios/App/Net.swift'], ALL_RULE_META)], ['dependencies']);
	assert.deepEqual([...partsFor(['README.unknownkind'], ALL_RULE_META)].sort(), ['build', 'dependencies']);
});

/** Findings of a report by file, as the JSON report shows them (rule, range, message, severity, fixes, evidence…). */
function findingsByFile(r: ScanReport): Map<string, string> {
	return new Map(r.files.map((f) => [f.rel, JSON.stringify(f.findings)]));
}

const INCLUDE_SETS: readonly string[][] = [
	['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
	['**/*.kt', '**/*.java'],
	['**/*.swift', '**/*.m', '**/*.h'],
	['**/*.dart'],
	['**/AndroidManifest.xml'],
	['**/*.xml'],
	['**/*.plist', '**/*.entitlements', '**/*.pbxproj'],
	['**/*.gradle', '**/*.gradle.kts', '**/*.properties'],
	['**/package.json', '**/pubspec.yaml', '**/Podfile', '**/*.lock', '**/*.toml'],
	['**/.env*', '**/*.yml', '**/*.yaml', '**/*.json'],
];

for (const folder of ['examples/insecure-app', 'test/fixtures/pinning', 'test/fixtures/rules']) {
	test(`an --include scan of ${folder} reports exactly what the whole model gives on the included files`, async () => {
		const cwd = process.cwd();
		process.chdir(REPO_ROOT);
		try {
			const { settings } = normalizeSettings({});
			const root = path.join(REPO_ROOT, folder);
			// The reference: every file analysed with the whole model (every part), as a scan without --include has it.
			const index = new ProjectIndex(root, settings.exclude);
			index.build(listWorkspaceSync(root, settings));
			const whole = index.model();
			let compared = 0;
			let leftOut = 0;
			for (const include of INCLUDE_SETS) {
				const some = { ...settings, include };
				const targets = scanTargets(listWorkspaceSync(root, some), some);
				if (partsFor(targets.map((t) => t.abs), ALL_RULE_META).size < OPTIONAL_PARTS.length) leftOut++;
				const want = new Map<string, string>();
				for (const t of targets) {
					const o = await scanFile(t.abs, some, whole);
					if (o.findings.length) want.set(toPosix(path.relative(REPO_ROOT, t.abs)), JSON.stringify(o.findings));
				}
				const got = findingsByFile(await runScan([folder], some, undefined, { jobs: 1 }));
				assert.deepEqual(got, want, `--include ${include.join(' ')}`);
				compared += got.size;
			}
			assert.ok(compared > 10, `${compared} files with findings compared`);
			assert.ok(leftOut >= 3, `${leftOut} include sets left a part out`);
		} finally {
			process.chdir(cwd);
		}
	});
}

test('an index without the build part still resolves test-runner references to files only build facts knew', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-parts-'));
	try {
		// eas.json has build facts (a release lane) and no other facts: only they said it exists.
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'a', dependencies: { 'react-native': '0.74.0' }, jest: { setupFiles: ['<rootDir>/eas.json'] } }));
		fs.writeFileSync(path.join(dir, 'eas.json'), JSON.stringify({ build: { production: {} } }));
		const whole = new ProjectIndex(dir);
		whole.build();
		const noBuild = new ProjectIndex(dir, [], new Set());
		noBuild.build();
		const verdict = whole.model().ships!.classify('eas.json');
		assert.equal(verdict.kind, 'test', JSON.stringify(verdict));
		assert.deepEqual(noBuild.model().ships!.classify('eas.json'), verdict);
		assert.equal(noBuild.model().releaseLanes, undefined);
		assert.equal(noBuild.model().dependencies, undefined);
		assert.ok(whole.model().releaseLanes && whole.model().dependencies);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
