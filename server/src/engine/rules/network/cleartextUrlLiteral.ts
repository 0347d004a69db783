import type { Node } from 'web-tree-sitter';
import { type Severity, severityRank } from '../../../../../common/src/severity';
import { flowOf, type Flow } from '../../flow';
import type { Evidence, RelatedInput, Rule, RuleContext } from '../../types';
import { stringNodesMatching } from '../shared/ast';
import { isDebugOnly } from '../shared/debug';
import { AUTH_PATH, type CleartextUrl, displayUrl, findCleartextUrls, isDevHostName, isIdentifierUrl, isIpLiteral, isLoopbackHost, isPrivateOrLocalHost, urlNameRole } from '../shared/urls';
import { walk, type XmlElement } from '../../parse/xml';
import { jsonChildren, type JsonNode } from '../../parse/json';
import { preorder } from '../../parse/preorder';
import { gradleBlockLines } from '../shared/gradle';
import { bindingOf, jsxSourceUri, loopbackBranch, notEndpoint, onlyToBrowser, reachedLiterals, reachOf, readForHostOnly } from './endpointEvidence';

/**
 * A cleartext (`http://`, `ws://`) URL is reported by how sure we are that it is an
 * endpoint the app talks to (issue 12): it reaches a request API through the
 * value-flow layer (strong), it is bound to an endpoint-like name or made into a
 * URL object (likely, at most warning), or nothing says either way (info).
 * Namespaces, schemas, prose, error messages, needles, licence-list homepages,
 * values only handed to the browser or read for their host, and `http://` put in
 * front of a value the code did not write (user input, a loopback host) are not
 * reported at all. Config files are endpoint-like by their key (`API_URL`,
 * `<key>APIBaseURL</key>`, `updates.url`).
 */

/** The literal is used as a matching needle, not an endpoint: `s.startsWith('http://')`, `x === 'http://a'`. */
const NEEDLE_BEFORE = /(\.\s*(startsWith|endsWith|startswith|endswith|replace|replaceAll|replaceFirst|replacingOccurrences|includes|contains|indexOf|lastIndexOf|match|matches|test|search|hasPrefix|hasSuffix|split|removePrefix|removeSuffix|stripPrefix|equals|equalsIgnoreCase|compare|range)\s*\(\s*(of:\s*)?|[!=]==?\s*|\b(Regex|RegExp|Pattern\.compile|NSRegularExpression\s*\(\s*pattern:)\s*\(\s*|\bcase\s+|\bin\s*(?:\[\s*)?)$/;
const NEEDLE_AFTER = /^\s*[!=]==?/;

/** What the code says about one literal: how strong the endpoint evidence is, in words, and the path. */
interface Judgement {
	evidence: Evidence;
	/** Sentence appended to the message (starts with a space). */
	why: string;
	related?: RelatedInput[];
}

/** Decides per URL found in a literal; undefined means "not an endpoint": no finding. */
type Judge = (u: CleartextUrl) => Judgement | undefined;

const CAP: Record<Evidence, Severity> = { strong: 'error', likely: 'warning', name: 'info' };

function severityFor(host: string, rest: string, debug: boolean): { severity: Severity; note: string } {
	if (debug) return { severity: 'hint', note: ' It is in debug-only code; make sure it cannot reach a release build.' };
	if (host !== '' && (isPrivateOrLocalHost(host) || isDevHostName(host))) {
		return { severity: 'info', note: ' This looks like a development endpoint; keep it out of release builds.' };
	}
	if (AUTH_PATH.test(rest)) return { severity: 'error', note: ' The path suggests credentials or payment data travel over it.' };
	return { severity: 'warning', note: '' };
}

/** Report every cleartext URL inside `content`, which starts at `base` in the file. */
function scan(ctx: RuleContext, base: number, content: string, debug: boolean, judge: Judge, opts: { prosePrefixAllowed: boolean }): void {
	for (const u of findCleartextUrls(content)) {
		if (isIdentifierUrl(u.url)) continue;
		if (u.host !== '' && isLoopbackHost(u.host)) continue;
		// Prose ("Visit http://…") is text for people, not an endpoint.
		if (!opts.prosePrefixAllowed && /(?<![A-Za-z])[A-Za-z]{2,}\s+$/.test(content.slice(0, u.index))) continue;
		// "Insecure `http://` scheme not allowed": the scheme mentioned inside a sentence.
		if (/^(http|ws):\/\/$/i.test(u.url) && content.trim().length > u.url.length) continue;
		const j = judge(u);
		if (!j) continue;
		const level = severityFor(u.host, u.rest, debug);
		const cap = CAP[j.evidence];
		const severity = severityRank(level.severity) > severityRank(cap) ? cap : level.severity;
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
		const what = j.evidence === 'name' ? `Cleartext ${u.scheme}:// URL ${shown}` : `Cleartext ${u.scheme === 'ws' ? 'WebSocket' : 'HTTP'} endpoint ${shown}`;
		ctx.report({
			start,
			end: start + u.url.length,
			severity,
			evidence: j.evidence,
			message: `${what}: anyone on the network path can read and change this traffic. Use ${safe}://.${j.why}${level.note}${isIpLiteral(u.host) ? ' (No automatic fix for an IP address: TLS certificates are issued for names.)' : ''}`,
			fixes,
			...(j.related ? { related: j.related } : {}),
		});
	}
}

/** How the value of a literal in code is used, as evidence for each URL in it. */
function judgeCode(ctx: RuleContext, flow: Flow | undefined, reached: ReturnType<typeof reachedLiterals>, node: Node): Judge {
	const reach = flow ? reachOf(reached, node) : undefined;
	if (reach && flow) {
		const via = flow.through(reach.origin);
		const line = ctx.file.lines.position(reach.hit.start).line + 1;
		const judgement: Judgement = {
			evidence: 'strong',
			why: ` It reaches ${reach.hit.model.label} (line ${line})${via.length > 0 ? ` through ${via.map((n) => `\`${n}\``).join(', ')}` : ''}.`,
			related: [...flow.related(reach.origin, 'the URL'), { start: reach.hit.start, end: reach.hit.end, message: `sent by ${reach.hit.model.label}` }],
		};
		return () => judgement;
	}
	if (jsxSourceUri(node)) return () => ({ evidence: 'strong', why: ' The component loads it (source={{ uri }}).' });
	const binding = flow ? bindingOf(flow, node) : {};
	const not = notEndpoint(node, binding);
	if (not) return () => undefined;
	if (readForHostOnly(node)) return () => undefined;
	return (u) => {
		// `http://${input}`: a scheme put in front of a value the code did not write (user input, a host
		// checked to be loopback). Without a request in sight it is link normalisation, not an endpoint.
		if (u.host === '') return undefined;
		const role = binding.name ? urlNameRole(binding.name) : undefined;
		const browser = (): boolean => !!flow && onlyToBrowser(flow, node);
		if (role === 'endpoint') {
			if (browser()) return { evidence: 'name', why: ` It is only opened in the browser (\`${binding.name}\`).` };
			return { evidence: 'likely', why: ` \`${binding.name}\` names an endpoint.` };
		}
		if (role === 'link') return { evidence: 'name', why: ` \`${binding.name}\` looks like a page for people, not an API.` };
		if (binding.urlObject) {
			if (browser()) return { evidence: 'name', why: ' It is only opened in the browser.' };
			return { evidence: 'likely', why: ` It is made into a URL (\`${binding.urlObject}\`).` };
		}
		return { evidence: 'name', why: ' It was not seen reaching a network call in this file.' };
	};
}

function checkTree(ctx: RuleContext): void {
	const text = ctx.file.text;
	const flow = flowOf(ctx);
	let reached: ReturnType<typeof reachedLiterals> | undefined;
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
		if (loopbackBranch(node) && !/^(?:http|ws):\/\/[A-Za-z0-9[]/i.test(trimmed)) continue;
		reached ??= flow ? reachedLiterals(flow) : new Map();
		scan(ctx, innerStart, content, isDebugOnly(ctx.file, node), judgeCode(ctx, flow, reached, node), { prosePrefixAllowed: false });
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

/** Evidence from a configuration key: endpoint-like keys are likely endpoints; other keys say nothing. */
function byKey(key: string | undefined): Judge {
	const role = key ? urlNameRole(key) : undefined;
	if (role === 'identifier') return () => undefined;
	if (role === 'endpoint') return () => ({ evidence: 'likely', why: ` \`${key}\` names an endpoint.` });
	if (role === 'link') return () => ({ evidence: 'name', why: ` \`${key}\` looks like a page for people, not an API.` });
	return () => ({ evidence: 'name', why: key ? ` Nothing says \`${key}\` is an endpoint the app calls.` : '' });
}

/** The plist `<key>` before a `<string>`, the `name` of an Android string resource (or of its array). */
function xmlKey(el: XmlElement): string | undefined {
	const own = el.attrs.find((a) => a.name === 'name')?.value;
	if (own) return own;
	const parent = el.parent;
	if (!parent) return undefined;
	if (parent.name === 'dict') {
		const i = parent.children.indexOf(el);
		const prev = i > 0 ? parent.children[i - 1] : undefined;
		return prev?.name === 'key' ? prev.text : undefined;
	}
	if (parent.name === 'array') return parent.parent ? xmlKey(parent) : undefined;
	return parent.attrs.find((a) => a.name === 'name')?.value;
}

function checkPlistOrResXml(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	if (!root) return;
	for (const el of walk(root)) {
		if (el.name !== 'string' && el.name !== 'item') continue;
		if (el.textStart === undefined || !/(http|ws):\/\//i.test(el.text)) continue;
		scan(ctx, el.textStart, ctx.file.text.slice(el.textStart, el.textEnd), ctx.file.isDebugSource, byKey(xmlKey(el)), { prosePrefixAllowed: false });
	}
}

function checkJson(ctx: RuleContext): void {
	const root = ctx.json?.root;
	if (!root) return;
	preorder(root, jsonChildren, (n: JsonNode) => {
		if (n.type === 'string' && typeof n.value === 'string' && /(http|ws):\/\//i.test(n.value)) {
			const key = n.parent?.type === 'property' ? (n.parent.children?.[0]?.value as string | undefined) : undefined;
			if (key === '$schema' || n.parent?.children?.[0] === n) return;
			scan(ctx, n.offset + 1, ctx.file.text.slice(n.offset + 1, n.offset + n.length - 1), false, byKey(key), { prosePrefixAllowed: false });
		}
	});
}

/** The name a line binds its value to: `.env` keys, `buildConfigField "String", "API_URL", …`, `resValue "string", "api_url", …`, placeholders. */
function lineKey(line: string): string | undefined {
	const field = /\b(?:buildConfigField|resValue)\s*\(?\s*["'][^"']*["']\s*,\s*["']([^"']+)["']/.exec(line);
	if (field) return field[1];
	const placeholder = urlKey(line);
	if (placeholder) return placeholder;
	return /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=/.exec(line)?.[1];
}

/**
 * The first name bound to a URL on the line (`API_URL = "https://…"`, `"key": "wss://…"`): what
 * `/["']?([A-Za-z_][\w.]*)["']?\s*[:=]\s*["']?(?:https?|wss?):\/\//i` captures, read once: from each
 * `=` / `:` before a URL back to the name (its run of word characters and dots, from its first letter),
 * instead of a name scan started at every character of a long word.
 */
export function urlKey(line: string): string | undefined {
	for (const m of line.matchAll(/[:=]\s*["']?(?:https?|wss?):\/\//gi)) {
		let i = m.index;
		while (i > 0 && /\s/.test(line[i - 1]!)) i--;
		if (i > 0 && (line[i - 1] === '"' || line[i - 1] === "'")) i--;
		const end = i;
		while (i > 0 && /[\w.]/.test(line[i - 1]!)) i--;
		// The name starts at the first letter or `_` of the run (digits and dots before it are not part of it).
		while (i < end && !/[A-Za-z_]/.test(line[i]!)) i++;
		if (i < end) return line.slice(i, end);
	}
	return undefined;
}

/** Line-oriented files: `.env` values and Gradle `buildConfigField`/`resValue` lines. */
function checkLines(ctx: RuleContext, select: (line: string) => boolean): void {
	const { lines } = ctx.file;
	const debugLines = gradleBlockLines(ctx.file.text, /^debug$/i);
	for (let i = 0; i < lines.lineCount; i++) {
		const line = lines.lineText(i);
		const t = line.trimStart();
		if (t.startsWith('#') || t.startsWith('//') || t.startsWith('*') || !select(line)) continue;
		scan(ctx, lines.lineStart(i), line, ctx.file.isDebugSource || debugLines.has(i), byKey(lineKey(line)), { prosePrefixAllowed: true });
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
