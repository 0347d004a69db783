import * as inspector from 'node:inspector';
import { normalizeSettings } from '../common/src/settings';
import { analyze } from '../server/src/engine/analyze';
import { classifyFile, XML_KINDS, type FileKind } from '../server/src/engine/files';
import { parseXml } from '../server/src/engine/parse/xml';
import { buildFactsWanted } from '../server/src/engine/project/buildFacts';
import { readSourceFileSync, walkWorkspace } from '../server/src/engine/workspace';

/**
 * `npm run bench -- --real --only xml`: per real app, which XML files a scan parses (the rules:
 * files whose text holds a trigger of a rule for their kind; the project model: manifests twice
 * (project facts and build facts), network security configs and plists once), and what parsing
 * them costs: parseXml as it is (grammar-following token streams turned into the tree directly)
 * against the parser's way (`parseXml(text, true)`: chevrotain + @xml-tools/ast), back to back in
 * one process, best of 5 passes, plus the bytes each way allocates (V8's sampling heap profiler,
 * collected objects included).
 */

/** Kinds the project model parses as XML (workspaceFacts: manifest, nsc, plist; buildFacts: manifest again). */
const PROJECT_XML_KINDS: ReadonlySet<FileKind> = new Set(['android-manifest', 'nsc', 'plist']);

interface XmlFile {
	rel: string;
	kind: FileKind;
	text: string;
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;

function bestOf(texts: readonly string[], viaParser: boolean): number {
	let best = Infinity;
	for (let r = 0; r < 6; r++) {
		const t0 = performance.now();
		for (const t of texts) parseXml(t, viaParser);
		// The first pass warms the JIT up; the best of the other five counts.
		if (r > 0) best = Math.min(best, performance.now() - t0);
	}
	return best;
}

/** Bytes allocated by one pass (sampled every 512 bytes, garbage included). */
async function allocatedBytes(texts: readonly string[], viaParser: boolean): Promise<number> {
	const session = new inspector.Session();
	session.connect();
	const post = (method: string, params?: object): Promise<unknown> =>
		new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
	try {
		await post('HeapProfiler.enable');
		await post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
		for (const t of texts) parseXml(t, viaParser);
		const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { samples: Array<{ size: number }> } };
		return profile.samples.reduce((a, s) => a + s.size, 0);
	} finally {
		session.disconnect();
	}
}

async function appXmlFiles(dir: string): Promise<XmlFile[]> {
	const { settings } = normalizeSettings({});
	const out: XmlFile[] = [];
	for await (const f of walkWorkspace(dir, settings)) {
		const kind = classifyFile(f.rel);
		if (kind === undefined && !/\.xml$/i.test(f.rel)) continue;
		const r = readSourceFileSync(f.abs, settings.maxFileSize);
		if (!('text' in r)) continue;
		const k = classifyFile(f.rel, r.text);
		if (k && XML_KINDS.has(k)) out.push({ rel: f.rel, kind: k, text: r.text });
	}
	return out;
}

export async function xmlParseBench(app: string, dir: string): Promise<void> {
	const files = await appXmlFiles(dir);
	const { settings } = normalizeSettings({});
	const byKind = new Map<string, { files: number; bytes: number; parsed: number }>();
	const triggeredBy = new Map<string, number>();
	const rulesParse: string[] = [];
	for (const f of files) {
		const profile = new Map<string, number>();
		const r = await analyze(f.rel, f.text, { settings, profile });
		const k = byKind.get(f.kind) ?? { files: 0, bytes: 0, parsed: 0 };
		k.files++;
		k.bytes += f.text.length;
		if (r.parsed) {
			k.parsed++;
			rulesParse.push(f.text);
			for (const rule of profile.keys()) if (!rule.startsWith('parse:')) triggeredBy.set(rule, (triggeredBy.get(rule) ?? 0) + 1);
		}
		byKind.set(f.kind, k);
	}
	const projectParse: string[] = [];
	for (const f of files) {
		if (!PROJECT_XML_KINDS.has(f.kind)) continue;
		projectParse.push(f.text);
		if (f.kind === 'android-manifest' && buildFactsWanted(f.rel)) projectParse.push(f.text);
	}
	const mb = (ts: readonly string[]): number => ts.reduce((a, t) => a + t.length, 0) / 1024 / 1024;
	const all = files.map((f) => f.text);
	console.log(`\n${app}: ${files.length} XML files (${mb(all).toFixed(2)} MB): ${[...byKind].map(([k, v]) => `${k} ${v.files} (${(v.bytes / 1024).toFixed(0)} KB, ${v.parsed} parsed for rules)`).join(', ')}`);
	console.log(`  rules that made an XML file parse (files): ${[...triggeredBy].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
	for (const [label, texts] of [
		['parsed for rules', rulesParse],
		['parsed by the project model', projectParse],
		['all XML files', all],
	] as const) {
		if (texts.length === 0) continue;
		const fast = bestOf(texts, false);
		const slow = bestOf(texts, true);
		const aFast = await allocatedBytes(texts, false);
		const aSlow = await allocatedBytes(texts, true);
		const m = mb(texts);
		console.log(
			`  ${label}: ${texts.length} parses, ${m.toFixed(2)} MB: parseXml ${ms(fast)} (${(m / (fast / 1000)).toFixed(1)} MB/s, ${(aFast / 1024 / 1024).toFixed(1)} MB allocated)` +
				`; via the parser ${ms(slow)} (${(m / (slow / 1000)).toFixed(1)} MB/s, ${(aSlow / 1024 / 1024).toFixed(1)} MB allocated)`,
		);
	}
}
