import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext, Severity } from '../../types';
import { jsonChildren, type JsonNode } from '../../parse/json';
import { preorderWith } from '../../parse/preorder';
import { nodesOfType } from '../shared/ast';
import { isDebugOnly } from '../shared/debug';
import { replace } from '../shared/edits';

/** Keys whose `true` value disables a platform cleartext protection. */
const KEYS: Record<string, string> = {
	NSAllowsArbitraryLoads: 'disables App Transport Security for every connection on iOS',
	NSAllowsArbitraryLoadsInWebContent: 'disables App Transport Security for every WebView load on iOS',
	NSAllowsArbitraryLoadsForMedia: 'disables App Transport Security for media on iOS',
	NSExceptionAllowsInsecureHTTPLoads: 'allows unencrypted HTTP to this domain on iOS',
	NSTemporaryExceptionAllowsInsecureHTTPLoads: 'allows unencrypted HTTP to this domain on iOS',
	usesCleartextTraffic: 'lets the Android app send unencrypted HTTP to any host',
};

function isLocalDomain(d: string): boolean {
	const x = d.toLowerCase();
	return x === 'localhost' || x.endsWith('.local') || x === '127.0.0.1' || x === '10.0.2.2' || !x.includes('.');
}

function message(key: string, domain: string | undefined): string {
	return `Expo config sets ${key}: true, which ${KEYS[key]}${domain ? ` (${domain})` : ''}. Set it to false.`;
}

function checkJson(ctx: RuleContext): void {
	const visit = (n: JsonNode, path: string[]): string[] => {
		if (n.type === 'property' && n.children?.length === 2) {
			const key = String(n.children[0]!.value);
			const value = n.children[1]!;
			if (KEYS[key] && value.type === 'boolean' && value.value === true) {
				const domainIdx = path.lastIndexOf('NSExceptionDomains');
				const domain = domainIdx >= 0 ? path[domainIdx + 1] : undefined;
				if (!(domain && isLocalDomain(domain))) {
					ctx.report({
						start: n.offset,
						end: n.offset + n.length,
						message: message(key, domain),
						fixes: [{ title: `Set ${key} to false`, preferred: true, fixAll: true, edits: [replace(ctx, value.offset, value.offset + value.length, 'false')] }],
					});
				}
			}
			return [...path, key];
		}
		return path;
	};
	if (ctx.json?.root) preorderWith(ctx.json.root, [] as string[], jsonChildren, visit);
}

function keyName(n: Node | null): string | undefined {
	if (!n) return undefined;
	const t = n.text.replace(/^['"`]|['"`]$/g, '');
	return /^\w+$/.test(t) ? t : undefined;
}

/** app.config.js/ts and config plugins (`withInfoPlist`, `withAndroidManifest`, expo-build-properties options). */
function checkCode(ctx: RuleContext): void {
	const types = new Set(['pair', 'assignment_expression']);
	for (const n of nodesOfType(ctx.tree!, types)) {
		let keyNode: Node | null;
		let valueNode: Node | null;
		if (n.type === 'pair') {
			keyNode = n.childForFieldName('key');
			valueNode = n.childForFieldName('value');
		} else {
			const left = n.childForFieldName('left');
			keyNode = left?.type === 'member_expression' ? left.childForFieldName('property') : left?.type === 'subscript_expression' ? left.childForFieldName('index') : null;
			valueNode = n.childForFieldName('right');
		}
		const key = keyName(keyNode);
		if (!key || !KEYS[key] || valueNode?.type !== 'true') continue;
		// The enclosing NSExceptionDomains entry, if any, names the domain.
		let domain: string | undefined;
		for (let p = n.parent; p; p = p.parent) {
			if (p.type === 'pair') {
				const outer = p.parent?.parent;
				if (outer?.type === 'pair' && keyName(outer.childForFieldName('key')) === 'NSExceptionDomains') domain = keyName(p.childForFieldName('key')) ?? p.childForFieldName('key')?.text.replace(/^['"`]|['"`]$/g, '');
			}
		}
		if (domain && isLocalDomain(domain)) continue;
		const debug = isDebugOnly(ctx.file, n);
		const severity: Severity | undefined = debug ? 'hint' : undefined;
		ctx.report({
			start: n.startIndex,
			end: n.endIndex,
			...(severity ? { severity } : {}),
			message: message(key, domain) + (debug ? ' It is set for a development variant only; make sure production builds do not inherit it.' : ''),
			fixes: [{ title: `Set ${key} to false`, preferred: true, fixAll: true, edits: [replace(ctx, valueNode.startIndex, valueNode.endIndex, 'false')] }],
		});
	}
}

export const expoConfigCleartext: Rule = {
	meta: {
		id: 'expo-config-cleartext',
		title: 'Expo config allows cleartext traffic',
		severity: 'error',
		sections: ['COMMS'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['expo-config', 'javascript', 'typescript', 'tsx'],
		triggers: ['NSAllowsArbitraryLoads', 'NSExceptionAllowsInsecureHTTPLoads', 'NSTemporaryExceptionAllowsInsecureHTTPLoads', 'usesCleartextTraffic'],
		why: 'In an Expo-managed app, `ios.infoPlist` and the expo-build-properties plugin generate the native Info.plist and AndroidManifest.xml; setting ATS exceptions or usesCleartextTraffic there disables the platform protection against unencrypted traffic.',
		fix: 'Set the key to false (or remove it). For a development server, NSAllowsLocalNetworking is enough on iOS, and Android allows localhost in debug builds.',
	},
	check(ctx) {
		if (ctx.file.kind === 'expo-config') checkJson(ctx);
		else if (ctx.tree) checkCode(ctx);
	},
};
