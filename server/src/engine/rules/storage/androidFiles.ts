import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../../types';
import { walk } from '../../parse/xml';
import { callsMatching, nodesMatching } from '../shared/calls';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';

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
				fixes: [{ title: 'Use Context.MODE_PRIVATE', preferred: true, fixAll: true, edits: [replace(ctx, target.startIndex, target.endIndex, qualified ? target.text.slice(0, id.startIndex - target.startIndex) + 'MODE_PRIVATE' + target.text.slice(id.endIndex - target.startIndex) : 'MODE_PRIVATE')] }],
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
