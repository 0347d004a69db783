import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext, Severity } from '../../types';
import { stringNodesMatching } from '../shared/ast';
import { isDebugOnly } from '../shared/debug';
import { AUTH_PATH, displayUrl, findCleartextUrls, isDevHostName, isIdentifierUrl, isIpLiteral, isLoopbackHost, isPrivateOrLocalHost } from '../shared/urls';
import { walk } from '../../parse/xml';
import { jsonChildren, type JsonNode } from '../../parse/json';
import { preorder } from '../../parse/preorder';
import { gradleBlockLines } from '../shared/gradle';

/** The literal is used as a matching needle, not an endpoint: `s.startsWith('http://')`, `x === 'http://a'`. */
const NEEDLE_BEFORE = /(\.\s*(startsWith|endsWith|startswith|endswith|replace|replaceAll|replaceFirst|replacingOccurrences|includes|contains|indexOf|lastIndexOf|match|matches|test|search|hasPrefix|hasSuffix|split|removePrefix|removeSuffix|stripPrefix|equals|equalsIgnoreCase|compare|range)\s*\(\s*(of:\s*)?|[!=]==?\s*|\b(Regex|RegExp|Pattern\.compile|NSRegularExpression\s*\(\s*pattern:)\s*\(\s*|\bcase\s+|\bin\s*(?:\[\s*)?)$/;
const NEEDLE_AFTER = /^\s*[!=]==?/;

function severityFor(host: string, rest: string, debug: boolean): { severity: Severity; note: string } {
	if (debug) return { severity: 'hint', note: ' It is in debug-only code; make sure it cannot reach a release build.' };
	if (host !== '' && (isPrivateOrLocalHost(host) || isDevHostName(host))) {
		return { severity: 'info', note: ' This looks like a development endpoint; keep it out of release builds.' };
	}
	if (AUTH_PATH.test(rest)) return { severity: 'error', note: ' The path suggests credentials or payment data travel over it.' };
	return { severity: 'warning', note: '' };
}

/**
 * Report every cleartext URL inside `content`, which starts at `base` in the file.
 * `prefixOnly` marks a literal that is only the scheme used to build a URL (`'http://' + host`).
 */
function scan(ctx: RuleContext, base: number, content: string, debug: boolean, opts: { prosePrefixAllowed: boolean }): void {
	for (const u of findCleartextUrls(content)) {
		if (isIdentifierUrl(u.url)) continue;
		if (u.host !== '' && isLoopbackHost(u.host)) continue;
		// Prose ("Visit http://…") is text for people, not an endpoint.
		if (!opts.prosePrefixAllowed && /(?<![A-Za-z])[A-Za-z]{2,}\s+$/.test(content.slice(0, u.index))) continue;
		const { severity, note } = severityFor(u.host, u.rest, debug);
		const start = base + u.index;
		const safe = u.scheme === 'http' ? 'https' : 'wss';
		const schemeText = content.slice(u.index, u.index + u.scheme.length);
		const fixes = isIpLiteral(u.host)
			? []
			: [
					{
						title: `Use ${safe}:// instead of ${u.scheme}://`,
						preferred: true,
						fixAll: true,
						edits: [{ range: ctx.range(start, start + u.scheme.length), newText: schemeText === schemeText.toUpperCase() ? safe.toUpperCase() : safe }],
					},
				];
		const shown = displayUrl(u.url);
		ctx.report({
			start,
			end: start + u.url.length,
			severity,
			message: `Cleartext ${u.scheme === 'ws' ? 'WebSocket' : 'HTTP'} endpoint ${shown}: anyone on the network path can read and change this traffic. Use ${safe}://.${note}${isIpLiteral(u.host) ? ' (No automatic fix for an IP address: TLS certificates are issued for names.)' : ''}`,
			fixes,
		});
	}
}

function checkTree(ctx: RuleContext): void {
	const text = ctx.file.text;
	for (const node of stringNodesMatching(ctx.tree!, text, /(http|ws):\/\//gi)) {
		const raw = ctx.nodeText(node);
		if (!/(http|ws):\/\//i.test(raw)) continue;
		const before = text.slice(Math.max(0, node.startIndex - 60), node.startIndex);
		const after = text.slice(node.endIndex, node.endIndex + 12);
		if (NEEDLE_BEFORE.test(before) || NEEDLE_AFTER.test(after)) continue;
		const inner = raw.replace(/^[@rR]?("""|'''|["'`])/, '');
		const innerStart = node.startIndex + (raw.length - inner.length);
		const content = inner.replace(/("""|'''|["'`])$/, '');
		const trimmed = content.trim();
		// A bare scheme ("http://") is either a needle or a concatenation prefix.
		if (/^(https?|wss?):\/\/$/i.test(trimmed) && !isConcatenationPrefix(node)) continue;
		scan(ctx, innerStart, content, isDebugOnly(ctx.file, node), { prosePrefixAllowed: false });
	}
}

function isConcatenationPrefix(node: Node): boolean {
	const p = node.parent;
	if (!p) return false;
	if (/binary_expression|additive_expression|infix_expression/.test(p.type)) {
		return p.firstNamedChild?.id === node.id && /\+/.test(p.text.slice(node.endIndex - p.startIndex, node.endIndex - p.startIndex + 4));
	}
	return false;
}

function checkPlistOrResXml(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	if (!root) return;
	for (const el of walk(root)) {
		if (el.name !== 'string' && el.name !== 'item') continue;
		if (el.textStart === undefined || !/(http|ws):\/\//i.test(el.text)) continue;
		scan(ctx, el.textStart, ctx.file.text.slice(el.textStart, el.textEnd), ctx.file.isDebugSource, { prosePrefixAllowed: false });
	}
}

function checkJson(ctx: RuleContext): void {
	const root = ctx.json?.root;
	if (!root) return;
	preorder(root, jsonChildren, (n: JsonNode) => {
		if (n.type === 'string' && typeof n.value === 'string' && /(http|ws):\/\//i.test(n.value)) {
			const key = n.parent?.type === 'property' ? (n.parent.children?.[0]?.value as string | undefined) : undefined;
			if (key === '$schema' || n.parent?.children?.[0] === n) return;
			scan(ctx, n.offset + 1, ctx.file.text.slice(n.offset + 1, n.offset + n.length - 1), false, { prosePrefixAllowed: false });
		}
	});
}

/** Line-oriented files: `.env` values and Gradle `buildConfigField`/`resValue` lines. */
function checkLines(ctx: RuleContext, select: (line: string) => boolean): void {
	const { lines } = ctx.file;
	const debugLines = gradleBlockLines(ctx.file.text, /^debug$/i);
	for (let i = 0; i < lines.lineCount; i++) {
		const line = lines.lineText(i);
		const t = line.trimStart();
		if (t.startsWith('#') || t.startsWith('//') || t.startsWith('*') || !select(line)) continue;
		scan(ctx, lines.lineStart(i), line, ctx.file.isDebugSource || debugLines.has(i), { prosePrefixAllowed: true });
	}
}

export const cleartextUrlLiteral: Rule = {
	meta: {
		id: 'cleartext-url-literal',
		title: 'Cleartext http:// or ws:// endpoint',
		severity: 'warning',
		sections: ['COMMS', 'TRANSIT', 'REVIEW'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart', 'plist', 'android-res-xml', 'expo-config', 'env', 'gradle', 'gradle-kts'],
		triggers: ['http://', 'ws://', 'HTTP://', 'WS://', 'Http://'],
		why: 'Data sent over http:// or ws:// is readable and modifiable by anyone on the network path (public Wi-Fi, a compromised router, a proxy). Mobile OSes block it by default; a cleartext URL in code either fails at runtime or forces a weakened platform setting.',
		fix: 'Serve the endpoint over TLS and use https:// (wss:// for WebSockets). Loopback and emulator hosts (localhost, 127.0.0.1, 10.0.2.2) are not reported.',
	},
	check(ctx) {
		switch (ctx.file.kind) {
			case 'plist':
			case 'android-res-xml':
				return checkPlistOrResXml(ctx);
			case 'expo-config':
				return checkJson(ctx);
			case 'env':
				return checkLines(ctx, (l) => /^\s*[A-Za-z_][A-Za-z0-9_.]*\s*=/.test(l));
			case 'gradle':
				return checkLines(ctx, (l) => /\b(buildConfigField|resValue|manifestPlaceholders)\b/.test(l));
			default:
				if (ctx.tree) {
					if (ctx.file.kind === 'gradle-kts') {
						// Only build-config values; repository URLs are another rule's business.
						const keep = (l: string): boolean => /\b(buildConfigField|resValue|manifestPlaceholders)\b/.test(l);
						return checkLines(ctx, keep);
					}
					return checkTree(ctx);
				}
		}
	},
};
