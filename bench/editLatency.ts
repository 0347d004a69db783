import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from '../test/helpers/lspClient';

/**
 * Edit → diagnostics latency through the built language server over stdio:
 * one character typed per edit (incremental sync), a pull after each, on one
 * large file per language (the largest of the real apps; a generated one
 * where the apps have none, or only small ones).
 */

export interface LatencyResult {
	label: string;
	bytes: number;
	first: number;
	p50: number;
	p95: number;
	max: number;
	edits: number;
}

const LANGUAGES: Array<{ ext: string; languageId: string }> = [
	{ ext: 'kt', languageId: 'kotlin' },
	{ ext: 'swift', languageId: 'swift' },
	{ ext: 'dart', languageId: 'dart' },
	{ ext: 'java', languageId: 'java' },
	{ ext: 'tsx', languageId: 'typescriptreact' },
	{ ext: 'm', languageId: 'objective-c' },
];

/** Below this, a real file says little about typing in a large file: a generated one is measured too. */
const LARGE = 60 * 1024;

function pct(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The `n` largest files with this extension under `dir` (not in node_modules / Pods / build folders), largest first. */
function largest(dir: string, ext: string, n: number): string[] {
	const found: Array<{ file: string; size: number }> = [];
	const stack = [dir];
	while (stack.length) {
		const d = stack.pop()!;
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(d, { withFileTypes: true });
		} catch {
			continue;
		}
		for (const e of entries) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) {
				if (!['node_modules', 'Pods', 'build', '.git', '.gradle'].includes(e.name)) stack.push(p);
			} else if (e.isFile() && e.name.endsWith(`.${ext}`)) {
				found.push({ file: p, size: fs.statSync(p).size });
			}
		}
	}
	return found
		.sort((a, b) => b.size - a.size || a.file.localeCompare(b.file))
		.slice(0, n)
		.map((f) => f.file);
}

/** A generated ~100 KB file: a real file of the language repeated (real syntax, real density of triggers), else a template. */
function generated(ext: string, seedText: string | undefined): string {
	const unit =
		seedText ??
		(ext === 'dart'
			? `import 'package:flutter/material.dart';\nimport 'package:http/http.dart' as http;\nimport 'package:shared_preferences/shared_preferences.dart';\n\nclass Screen extends StatefulWidget {\n  const Screen({super.key});\n  @override\n  State<Screen> createState() => _ScreenState();\n}\n\nclass _ScreenState extends State<Screen> {\n  final List<String> items = [];\n  Future<void> load() async {\n    final r = await http.get(Uri.parse('https://api.shop.example/v1/items'));\n    if (r.statusCode == 200) setState(() => items.add(r.body));\n  }\n\n  Future<void> remember(String token) async {\n    final prefs = await SharedPreferences.getInstance();\n    debugPrint('session refreshed, \${items.length} items');\n    await prefs.setString('lastScreen', 'items');\n    await prefs.setBool('hasSession', token.isNotEmpty);\n  }\n\n  @override\n  Widget build(BuildContext context) {\n    return ListView.builder(itemCount: items.length, itemBuilder: (c, i) => ListTile(title: Text(items[i])));\n  }\n}\n\n`
			: `// generated\n`);
	// The header (package, imports) once, then the body repeated: imports after declarations are syntax
	// errors in Dart, Kotlin and Java, and a tree full of errors makes every incremental reparse slow
	// (a repeated Dart unit reparsed in ~30 ms per keystroke, the valid file in ~1 ms). TS and Swift allow
	// imports anywhere at the top level (and TS imports span lines): repeated whole.
	const lines = unit.split('\n');
	let h = 0;
	if (ext === 'dart' || ext === 'kt' || ext === 'java') while (h < lines.length && /^\s*(?:(?:package|import|library|part)\b.*|@file:.*|\/\/.*)?$/.test(lines[h]!)) h++;
	const header = lines.slice(0, h).join('\n');
	const body = lines.slice(h).join('\n');
	let out = h > 0 ? `${header}\n` : '';
	while (out.length < 100 * 1024) out += body + '\n';
	return out;
}

async function measure(serverJs: string, label: string, fileName: string, text: string, languageId: string, edits: number): Promise<LatencyResult> {
	const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-latency-'));
	const file = path.join(ws, 'src', fileName);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
	const client = new LspClient(serverJs);
	try {
		await client.initialize(ws);
		const uri = client.open(file, text, languageId);
		let t0 = performance.now();
		await client.pull(uri);
		const first = performance.now() - t0;
		const lines = text.split('\n');
		const times: number[] = [];
		for (let v = 2; v < edits + 2; v++) {
			// Type one character at the end of a line in the middle part of the file, as a user would.
			const l = Math.floor(lines.length * (0.3 + 0.4 * ((v * 7) % 10) / 10));
			const ch = lines[l]!.length;
			lines[l] += ' ';
			await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: l, character: ch }, end: { line: l, character: ch } }, text: ' ' }] });
			t0 = performance.now();
			await client.pull(uri);
			times.push(performance.now() - t0);
		}
		times.sort((a, b) => a - b);
		return { label, bytes: Buffer.byteLength(text), first, p50: pct(times, 50), p95: pct(times, 95), max: times[times.length - 1]!, edits };
	} finally {
		await client.stop();
		fs.rmSync(ws, { recursive: true, force: true });
	}
}

/**
 * The largest real file per language from `appsDir` (unpacked real apps), or its `files` largest, and a
 * generated one where the largest is missing or small; prints a line each. More than the largest says
 * whether a slow keystroke is the file's size or a place in a file (a rule that redoes a walk there).
 */
export async function editLatencyBench(serverJs: string, appsDir: string | undefined, edits = 60, exts?: readonly string[], files = 1): Promise<LatencyResult[]> {
	const results: LatencyResult[] = [];
	for (const { ext, languageId } of LANGUAGES) {
		if (exts && !exts.includes(ext)) continue;
		const reals = appsDir ? largest(appsDir, ext, files) : [];
		const texts = reals.map((r) => fs.readFileSync(r, 'utf8'));
		const real = reals[0];
		const realText = texts[0];
		const runs: Array<[string, string]> = reals.map((r, i) => [`${ext} ${path.relative(appsDir!, r)}`, texts[i]!]);
		if (!realText || realText.length < LARGE) runs.push([`${ext} generated${realText ? ` (${path.basename(real!)} repeated)` : ''}`, generated(ext, realText)]);
		for (const [label, text] of runs) {
			const r = await measure(serverJs, label, `Big.${ext}`, text, languageId, edits);
			results.push(r);
			console.log(`  ${r.label} (${(r.bytes / 1024).toFixed(0)} KB): first ${r.first.toFixed(0)} ms; ${r.edits} edits p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`);
		}
	}
	return results;
}
