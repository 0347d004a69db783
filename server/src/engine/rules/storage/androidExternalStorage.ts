import type { Node } from 'web-tree-sitter';
import type { Destination, Flow } from '../../flow';
import { flowOf } from '../../flow';
import { androidAttr, walk } from '../../parse/xml';
import type { Evidence, Fix, Rule, RuleContext } from '../../types';
import { callsMatching, nodesMatching } from '../shared/calls';
import { replace } from '../shared/edits';
import { classifyName } from '../shared/lexicon';
import { safeShow } from './common';
import { describeLeak, isDebugWrite, keyNameEvidence, leakSeverity, leaksOf } from './stored';
import { storeWrites, type Write, type Store } from './writes';

/** The stores this rule reads (storeWrites classifies only the writes that can go there). */
const FILES: ReadonlySet<Store> = new Set(['file']);

/**
 * Sensitive data written to shared (external) storage, found with the value-flow
 * layer: a write (`File(dir, name).writeText(…)`, `FileOutputStream(File(dir, …))`,
 * `Files.write`) whose path comes from `Environment.getExternalStorage*` (shared,
 * readable by other apps) or `getExternalFilesDir` / `getExternalCacheDir`
 * (app-specific, readable with the storage permission on API ≤ 28), and whose
 * content or file name is sensitive. A path that only reaches reads (a WebView
 * loading a page from it, an input stream) is not a write. A `File` on external
 * storage named for a secret that leaves the function (returned, kept in a field,
 * handed to a writer) is reported at the directory call, as likely.
 */

/** File names that mean secrets, logs, dumps or personal documents beyond the lexicon. */
const SENSITIVE_FILE = /(\.db\b|\.sqlite|\.realm|dump|backup|export|\.log\b|logs?\/|invoice|statement|passport|medical|\.pem|\.p12|\.jks|\.keystore)/i;
/** Calls that read a path (not writes): loading a page, opening an input stream, listing. */
const READERS = /^(loadUrl|loadData|loadDataWithBaseURL|FileInputStream|FileReader|readText|readBytes|readLines|inputStream|bufferedReader|reader|forEachLine|useLines|decodeFile|decodeStream|exists|isFile|isDirectory|listFiles|list|length|lastModified|delete|deleteRecursively|mkdirs|mkdir|setDataSource|fromFile|getUriForFile|canRead|canWrite|getPath|getAbsolutePath|toURI|toUri|walk|walkTopDown)$/;
const FILE_CTORS = /^(?:java\.io\.)?(File|FileOutputStream|FileWriter|RandomAccessFile)$/;
const ESCAPE_CALL = /(write|save|export|copy|backup|dump|store|put|share|send|upload|persist)/i;

function sharedFix(ctx: RuleContext, call: { start: number; end: number; method: string; receiver: string }): Fix[] {
	if (!/^(getExternalFilesDir|getExternalCacheDir)$/.test(call.method)) return [];
	const kotlin = ctx.file.kind === 'kotlin';
	const base = call.receiver === '' ? '' : `${call.receiver}.`;
	const replacement = kotlin ? `${base}filesDir` : `${base}getFilesDir()`;
	return [{ title: `Use ${replacement} (app-private)`, preferred: true, edits: [replace(ctx, call.start, call.end, replacement)] }];
}

function fileNameEvidence(ctx: RuleContext, name: string): Evidence | undefined {
	return keyNameEvidence(ctx, name, 'file') ?? (SENSITIVE_FILE.test(name) ? 'likely' : undefined);
}

function where(kind: 'shared' | 'app'): string {
	return kind === 'shared' ? 'shared external storage, readable by other apps and kept after uninstall' : 'app-specific external storage, readable by apps with the storage permission on Android 9 and older';
}

/** A: writes whose file lives on external storage. */
function checkWrites(ctx: RuleContext, flow: Flow, writes: Write[], reported: Set<number>): void {
	for (const w of writes) {
		const ext = w.file?.external;
		if (!ext || w.protectedBy) continue;
		reported.add(ext.origin.start);
		const nameOrigins = (w.file?.nameOrigins ?? []).map((n) => ({ ...n, kind: 'file' as const }));
		let leaks = leaksOf(ctx, flow, w, { nameOrigins });
		if (leaks.length === 0) {
			// Logs, dumps and documents by their file name.
			const name = w.file?.names.find((n) => SENSITIVE_FILE.test(n));
			if (!name) continue;
			leaks = [{ start: w.start, end: w.end, evidence: 'likely', what: 'a value', key: `the file "${name}"`, password: false, related: [], through: [], names: [name] }];
		}
		const debug = isDebugWrite(flow, ctx, w);
		const dirCall = callsMatching(ctx, /\b(getExternalStorageDirectory|getExternalStoragePublicDirectory|getExternalFilesDir|getExternalCacheDir)\s*\(/g).find((c) => c.start === ext.origin.start);
		for (const leak of leaks) {
			const name = w.file?.names[w.file.names.length - 1];
			ctx.report({
				start: leak.start,
				end: leak.end,
				severity: leakSeverity(ext.kind === 'shared' ? 'warning' : 'info', leak.evidence, debug),
				evidence: leak.evidence,
				related: [...leak.related, { start: ext.origin.start, end: ext.origin.end, message: `the file's directory: ${ext.origin.fact.label}` }],
				message: `${describeLeak(leak)} is written to ${name ? `"${safeShow(name)}" on ` : ''}${where(ext.kind)}${debug ? ' (debug-only code)' : ''}. Keep it in ${ctx.file.kind === 'kotlin' ? 'filesDir' : 'getFilesDir()'}${ext.kind === 'shared' ? ', or let the user export it with ACTION_CREATE_DOCUMENT' : ''}.`,
				fixes: dirCall && ext.kind === 'app' ? sharedFix(ctx, dirCall) : [],
			});
		}
	}
}

interface Escape {
	how: string;
	names: string[];
}

/** B: where a `File` built on an external directory goes when this file shows no write into it. */
function escapeOf(flow: Flow, start: Node): Escape | undefined {
	const names: string[] = [];
	let how: string | undefined;
	const visit = (ds: Destination[], depth: number): void => {
		for (const d of ds) {
			if (d.kind === 'return') how ??= `returned by \`${d.name ?? 'a function'}\``;
			else if (d.kind === 'binding' && d.field) how ??= `kept in the field \`${d.name}\``;
			else if (d.kind === 'argument') {
				const m = d.site.method.replace(/^.*\./, '');
				if (READERS.test(m) || d.sink?.sink === 'webview-load') continue;
				if (FILE_CTORS.test(d.site.method) && depth < 3) {
					for (const a of d.site.args) {
						const t = /^"([^"]*)"$/.exec(a.text.trim())?.[1];
						const seg = t?.split('/').filter(Boolean).pop();
						if (seg) names.push(seg);
					}
					visit(flow.forward(d.site.node.type === 'arguments' ? d.site.node.parent! : d.site.node, { maxItems: 400 }), depth + 1);
				} else if (ESCAPE_CALL.test(m)) how ??= `passed to \`${m}\``;
			}
		}
	};
	visit(flow.forward(start, { maxItems: 400 }), 0);
	return how ? { how, names } : undefined;
}

function checkEscapes(ctx: RuleContext, flow: Flow, reported: Set<number>): void {
	const calls = callsMatching(ctx, /\b(getExternalStorageDirectory|getExternalStoragePublicDirectory|getExternalFilesDir|getExternalCacheDir)\s*\(/g).filter((c) => /^(getExternalStorageDirectory|getExternalStoragePublicDirectory|getExternalFilesDir|getExternalCacheDir)$/.test(c.method));
	const sites: Array<{ node: Node; start: number; end: number; method: string; receiver: string; shared: boolean }> = calls.map((c) => ({ node: c.node, start: c.start, end: c.end, method: c.method, receiver: c.receiver, shared: /^getExternalStorage/.test(c.method) }));
	if (ctx.file.kind === 'kotlin') {
		for (const id of nodesMatching(ctx, /\bexternalCacheDir\b/g)) {
			if (id.text !== 'externalCacheDir' || !/identifier$/.test(id.type)) continue;
			const p = id.parent;
			const target = p && p.type === 'navigation_expression' && p.lastNamedChild?.id === id.id ? p : id;
			const receiver = target.id === id.id ? '' : ctx.file.text.slice(target.startIndex, id.startIndex).replace(/\??\.\s*$/, '');
			sites.push({ node: target, start: target.startIndex, end: target.endIndex, method: 'externalCacheDir', receiver, shared: false });
		}
	}
	for (const s of sites) {
		if (reported.has(s.start)) continue;
		const esc = escapeOf(flow, s.node);
		if (!esc) continue;
		const name = esc.names.find((n) => fileNameEvidence(ctx, n));
		if (!name) continue;
		const ev = fileNameEvidence(ctx, name)!;
		const debug = isDebugWrite(flow, ctx, s);
		const kotlin = ctx.file.kind === 'kotlin';
		const fixes: Fix[] = s.method === 'externalCacheDir' ? [{ title: `Use ${s.receiver ? `${s.receiver}.` : ''}cacheDir (app-private)`, preferred: true, edits: [replace(ctx, s.start, s.end, `${s.receiver ? `${s.receiver}.` : ''}cacheDir`)] }] : sharedFix(ctx, s);
		ctx.report({
			start: s.start,
			end: s.end,
			severity: leakSeverity(s.shared ? 'warning' : 'info', ev === 'strong' ? 'likely' : ev, debug),
			evidence: ev === 'strong' ? 'likely' : ev,
			message: `"${safeShow(name)}" is placed on ${where(s.shared ? 'shared' : 'app')} and ${esc.how}, so whatever is written to it lands there. Keep it in ${kotlin ? 'filesDir' : 'getFilesDir()'}${s.shared ? ', or let the user export it with ACTION_CREATE_DOCUMENT' : ''}.`,
			fixes,
		});
	}
}

/** MediaStore inserts (Downloads, Documents): the display name set in the same function tells what is published. */
function checkMediaStore(ctx: RuleContext, flow: Flow): void {
	for (const call of callsMatching(ctx, /\b(insert)\s*\(/g)) {
		if (call.method !== 'insert' || !/(^|\.)MediaStore\./.test(call.args[0]?.text.replace(/\s+/g, '') ?? '')) continue;
		let fn: Node | null = call.node.parent;
		while (fn && !/^(function_declaration|method_declaration|lambda_literal)$/.test(fn.type)) fn = fn.parent;
		const body = fn?.text ?? '';
		const m = /DISPLAY_NAME\s*,\s*("[^"]*"|\w+)/.exec(body);
		const name = m?.[1];
		if (!name) continue;
		const ev: Evidence | undefined = name.startsWith('"') ? fileNameEvidence(ctx, name.slice(1, -1)) : classifyName(name, ctx.project.vocabulary).sensitive ? 'name' : undefined;
		if (!ev) continue;
		ctx.report({
			start: call.start,
			end: call.end,
			severity: leakSeverity('warning', ev, isDebugWrite(flow, ctx, call)),
			evidence: ev,
			message: `This MediaStore insert publishes ${safeShow(name)} to shared storage, where other apps can read it and it outlives an uninstall. Keep it in filesDir, or let the user choose the destination with ACTION_CREATE_DOCUMENT.`,
		});
	}
}

export const androidExternalStorageSensitive: Rule = {
	meta: {
		id: 'android-external-storage-sensitive',
		title: 'Sensitive data written to shared (external) storage',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0007'],
		kinds: ['kotlin', 'java', 'android-manifest'],
		triggers: ['getExternalStorage', 'getExternalFilesDir', 'getExternalCacheDir', 'externalCacheDir', 'requestLegacyExternalStorage', 'MediaStore'],
		why: 'Shared storage is readable by other apps (with the storage permission, and on API ≤ 28 even the app-specific external directories), by anyone with USB access, and it survives uninstall; tokens, logs and database dumps written there leak.',
		fix: 'Write sensitive files to context.filesDir (or noBackupFilesDir); let the user export documents through the Storage Access Framework (ACTION_CREATE_DOCUMENT).',
	},
	check(ctx) {
		if (ctx.file.kind === 'android-manifest') {
			const root = ctx.xml?.root;
			if (!root || ctx.file.isDebugSource) return;
			for (const el of walk(root)) {
				if (el.name !== 'application') continue;
				const a = androidAttr(el, 'requestLegacyExternalStorage');
				if (!a || a.value.trim() !== 'true') continue;
				ctx.report({
					start: a.start,
					end: a.end,
					severity: 'info',
					message: 'android:requestLegacyExternalStorage="true" opts out of scoped storage on Android 10, so files on shared storage are visible to every app with the storage permission. Remove it (or set it to "false") once files live in app-specific storage.',
					fixes: [{ title: 'Set android:requestLegacyExternalStorage="false"', preferred: true, edits: [replace(ctx, a.valueStart, a.valueEnd, 'false')] }],
				});
			}
			return;
		}
		const flow = flowOf(ctx);
		if (!flow) return;
		const reported = new Set<number>();
		checkWrites(ctx, flow, storeWrites(ctx, flow, FILES).filter((w) => w.store === 'file'), reported);
		checkEscapes(ctx, flow, reported);
		checkMediaStore(ctx, flow);
	},
};
