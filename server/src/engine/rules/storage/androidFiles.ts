import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../../types';
import { androidAttr, walk } from '../../parse/xml';
import { callsMatching, nodesMatching } from '../shared/calls';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';
import { classifyName } from '../shared/lexicon';
import { namedDescendants } from '../shared/ast';
import { enclosingStatement, safeShow } from './common';

// ---------------------------------------------------------------- world-accessible files

const WORLD_MODES = /^(MODE_WORLD_READABLE|MODE_WORLD_WRITEABLE)$/;

export const androidWorldAccessibleFiles: Rule = {
	meta: {
		id: 'android-world-accessible-files',
		title: 'World-readable / world-writable file or exposed FileProvider path',
		severity: 'error',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-2', 'MASWE-0002', 'MASVS-PLATFORM-1', 'MASWE-0064'],
		kinds: ['kotlin', 'java', 'android-res-xml'],
		triggers: ['MODE_WORLD_', 'setReadable', 'setWritable', 'setExecutable', 'root-path', 'path="."', 'path="/"', 'path=""'],
		why: 'World-readable or world-writable files in the app sandbox can be read or replaced by any other app; a FileProvider that maps the device root or the whole data directory lets any app that gets a content URI reach every file behind it.',
		fix: 'Use Context.MODE_PRIVATE, keep ownerOnly = true in setReadable/setWritable/setExecutable, and map only a dedicated sub-folder in FileProvider paths.',
	},
	check(ctx) {
		if (ctx.file.kind === 'android-res-xml') return checkFileProviderPaths(ctx);
		if (!ctx.tree) return;
		for (const id of nodesMatching(ctx, /\bMODE_WORLD_(?:READABLE|WRITEABLE)\b/g)) {
			if (!WORLD_MODES.test(id.text) || !/identifier$/.test(id.type)) continue;
			// `Context.MODE_WORLD_READABLE` is a member access; replace the whole access.
			let target: Node = id;
			const p = id.parent;
			if (p && (p.type === 'field_access' || p.type === 'navigation_expression') && p.lastNamedChild?.id === id.id) target = p;
			const qualified = target.id !== id.id;
			ctx.report({
				start: target.startIndex,
				end: target.endIndex,
				severity: isDebugOnly(ctx.file, target) ? 'hint' : 'error',
				message: `${id.text} makes the file readable${id.text.includes('WRITEABLE') ? ' and writable' : ''} by every app on the device (and throws SecurityException on targetSdk 24+). Use MODE_PRIVATE and share through a FileProvider.`,
				fixes: [{ title: 'Use Context.MODE_PRIVATE', preferred: true, fixAll: true, edits: [replace(ctx, target.startIndex, target.endIndex, qualified ? target.text.replace(/(?<!\w)MODE_WORLD_\w+$/, 'MODE_PRIVATE') : 'MODE_PRIVATE')] }],
			});
		}
		for (const call of callsMatching(ctx, /\b(setReadable|setWritable|setExecutable)\s*\(/g)) {
			if (!/^(setReadable|setWritable|setExecutable)$/.test(call.method) || call.args.length !== 2) continue;
			const [on, ownerOnly] = call.args as [(typeof call.args)[number], (typeof call.args)[number]];
			if (on.text !== 'true' || ownerOnly.text !== 'false') continue;
			ctx.report({
				start: call.start,
				end: call.end,
				severity: isDebugOnly(ctx.file, call.node) ? 'hint' : 'error',
				message: `${call.method}(true, false) grants the permission to every app on the device, not just this one. Pass ownerOnly = true.`,
				fixes: [{ title: 'Set ownerOnly to true', preferred: true, fixAll: true, edits: [replace(ctx, ownerOnly.start, ownerOnly.end, 'true')] }],
			});
		}
	},
};

function checkFileProviderPaths(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	if (!root || root.name !== 'paths') return;
	for (const el of walk(root)) {
		if (el.name === 'root-path') {
			ctx.report({
				start: el.nameStart,
				end: el.nameEnd,
				message: '<root-path> exposes the whole device file system through the FileProvider: any app given a content URI can walk to files outside the shared folder. Map a dedicated sub-folder with <files-path> / <cache-path> instead.',
			});
			continue;
		}
		if (!/-path$/.test(el.name)) continue;
		const path = el.attrs.find((a) => a.local === 'path');
		if (!path || !['.', '/', '', './'].includes(path.value.trim())) continue;
		const fixes: Fix[] = [{ title: 'Share only a dedicated "shared/" sub-folder (move the shared files there)', preferred: true, edits: [replace(ctx, path.valueStart, path.valueEnd, 'shared/')] }];
		ctx.report({
			start: path.start,
			end: path.end,
			message: `<${el.name} path="${path.value}"> shares the whole ${el.name.replace(/-path$/, '')} directory (databases, preferences, tokens) through the FileProvider. Narrow it to the sub-folder that holds the files you share.`,
			fixes,
		});
	}
}

// ---------------------------------------------------------------- external storage

/** Names and file names that mean secrets, logs, dumps or personal documents. */
const SENSITIVE_FILE = /(token|session|passw|secret|credential|key|\.db\b|\.sqlite|\.realm|dump|backup|export|\.log\b|logs?\/|invoice|statement|passport|medical|\.pem|\.p12)/i;

function statementMentionsSensitive(n: Node): string | undefined {
	const stmt = enclosingStatement(n) ?? n;
	// Identifiers: a variable named for a secret; string literals: file names like "tokens.json".
	for (const id of namedDescendants(stmt, true)) {
		if (/identifier$/.test(id.type)) {
			const c = classifyName(id.text);
			if (c.sensitive) return id.text;
		} else if (/string/.test(id.type) && SENSITIVE_FILE.test(id.text)) {
			return id.text;
		}
	}
	return undefined;
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
		if (!ctx.tree) return;
		const kotlin = ctx.file.kind === 'kotlin';
		const seen = new Set<number>();
		const report = (n: Node, api: string, shared: boolean, receiver: string): void => {
			if (seen.has(n.startIndex)) return;
			seen.add(n.startIndex);
			const what = statementMentionsSensitive(n);
			if (!what) return;
			const debug = isDebugOnly(ctx.file, n);
			const base = receiver === '' ? '' : `${receiver}.`;
			const replacement = kotlin ? `${base}filesDir` : `${base}getFilesDir()`;
			const fixes: Fix[] = shared ? [] : [{ title: `Use ${replacement} (app-private)`, preferred: true, edits: [replace(ctx, n.startIndex, n.endIndex, replacement)] }];
			ctx.report({
				start: n.startIndex,
				end: n.endIndex,
				severity: debug ? 'hint' : shared ? 'warning' : 'info',
				message: `${api} is ${shared ? 'shared storage, readable by other apps and kept after uninstall' : 'app-specific external storage, readable by apps with the storage permission on API ≤ 28'}, and \`${safeShow(what)}\` is written there. Keep it in ${kotlin ? 'filesDir' : 'getFilesDir()'}${shared ? ', or export it with ACTION_CREATE_DOCUMENT' : ''}.`,
				fixes,
			});
		};
		for (const call of callsMatching(ctx, /\b(getExternalStorageDirectory|getExternalStoragePublicDirectory|getExternalFilesDir|getExternalCacheDir)\s*\(/g)) {
			if (call.method === 'getExternalStorageDirectory' || call.method === 'getExternalStoragePublicDirectory') {
				report(call.node, `Environment.${call.method}()`, true, '');
			} else if (call.method === 'getExternalFilesDir' || call.method === 'getExternalCacheDir') {
				report(call.node, `${call.method}()`, false, call.receiver);
			}
		}
		// MediaStore inserts (Downloads, Documents): the display name set in the same function tells what is exported.
		for (const call of callsMatching(ctx, /\b(insert)\s*\(/g)) {
			if (call.method !== 'insert' || !/(^|\.)MediaStore\./.test(call.args[0]?.text.replace(/\s+/g, '') ?? '')) continue;
			let fn: Node | null = call.node.parent;
			while (fn && !/^(function_declaration|method_declaration|lambda_literal)$/.test(fn.type)) fn = fn.parent;
			const body = fn?.text ?? '';
			const m = /DISPLAY_NAME\s*,\s*("[^"]*"|\w+)/.exec(body);
			const name = m?.[1];
			if (!name || !(name.startsWith('"') ? SENSITIVE_FILE.test(name) : classifyName(name).sensitive)) continue;
			if (seen.has(call.start)) continue;
			seen.add(call.start);
			ctx.report({
				start: call.start,
				end: call.end,
				severity: isDebugOnly(ctx.file, call.node) ? 'hint' : 'warning',
				message: `This MediaStore insert publishes ${safeShow(name)} to shared storage, where other apps can read it and it outlives an uninstall. Keep it in filesDir, or let the user choose the destination with ACTION_CREATE_DOCUMENT.`,
			});
		}
		// Kotlin property syntax: `externalCacheDir`, `context.externalCacheDir`
		if (kotlin) {
			for (const id of nodesMatching(ctx, /\bexternalCacheDir\b/g)) {
				if (id.text !== 'externalCacheDir' || !/identifier$/.test(id.type)) continue;
				const p = id.parent;
				const target = p && p.type === 'navigation_expression' && p.lastNamedChild?.id === id.id ? p : id;
				const receiver = target.id === id.id ? '' : ctx.file.text.slice(target.startIndex, id.startIndex).replace(/\??\.\s*$/, '');
				report(target, 'externalCacheDir', false, receiver);
			}
		}
	},
};
