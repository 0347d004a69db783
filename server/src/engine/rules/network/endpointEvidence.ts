import type { Node } from 'web-tree-sitter';
import { type Flow, type Origin, type SinkHit } from '../../flow';
import { type Ref, single } from '../../flow/adapters/types';
import type { CallSite } from '../../flow/calls';
import { urlNameRole } from '../shared/urls';

/**
 * Evidence that an `http://` / `ws://` literal in code is an endpoint the app
 * talks to, and evidence that it is not (issue 12, class 3):
 *
 * - **reached**: the value reaches a request API (`network-url` / `webview-load`
 *   sinks of `flow/models/network.ts`) through locals, fields, constants,
 *   concatenation, URL objects and same-file helpers;
 * - **binding**: the literal is bound to an endpoint-like name (`API_BASE_URL`,
 *   `legacyBase`, `{ apiUrl: … }`, `baseUrl:`), or made into a URL object
 *   (`URL(string:)`, `Uri.parse`) with a literal host;
 * - **not an endpoint**: XML namespace / feature / schema identifiers, error
 *   messages, entries of licence lists, values used only in a browser or to read
 *   a host.
 */

export interface Reached {
	hit: SinkHit;
	origin: Origin;
}

const URL_TEXT = /^(?:http|ws):\/\//i;

/** Literals (by start offset) whose value reaches a request API, with the sink and the path. */
export function reachedLiterals(flow: Flow): Map<number, Reached> {
	const out = new Map<number, Reached>();
	for (const hit of flow.sinks(['network-url', 'webview-load'])) {
		for (const a of hit.args) {
			const v = flow.valueOf(a);
			for (const o of v.origins) {
				const isUrl = o.fact.kind === 'cleartext-url' || (o.fact.kind === 'constant' && URL_TEXT.test(o.fact.text ?? ''));
				if (!isUrl) continue;
				const prev = out.get(o.start);
				if (!prev || o.steps.length < prev.origin.steps.length) out.set(o.start, { hit, origin: o });
			}
		}
	}
	return out;
}

/** The reach of the literal `node`, if any (origins start at the literal or at the template around it). */
export function reachOf(reached: Map<number, Reached>, node: Node): Reached | undefined {
	const direct = reached.get(node.startIndex);
	if (direct) return direct;
	for (const [start, r] of reached) if (start >= node.startIndex && start < node.endIndex) return r;
	return undefined;
}

/** Calls that make a URL object from a string (the literal is still the URL after them). */
const URL_OBJECT = /^(URL|URI|NSURL|URLComponents|parse|tryParse|create|toUri|toHttpUrl|toHttpUrlOrNull|URLWithString:|URLWithString:relativeToURL:|componentsWithString:|WebUri)$/;

export interface Binding {
	/** The name the literal is bound to (declaration, assignment, object key, named argument), if any. */
	name?: string;
	/** The literal became a URL object on the way (`URL(string: "http://…")`). */
	urlObject?: string;
	/** The call the (possibly converted) value is a direct argument of, when it is not bound. */
	argOf?: CallSite;
}

/**
 * Where the literal's value is first bound: climbs through parentheses, casts,
 * ternaries, concatenation, templates and URL constructors, then reads the
 * definition, the object key or the argument label.
 */
export function bindingOf(flow: Flow, node: Node): Binding {
	const st = flow.state;
	let x: Ref = single(node);
	const out: Binding = {};
	for (let i = 0; i < 10; i++) {
		const rel = st.relation(x);
		if (!rel) {
			let slot: ReturnType<typeof st.adapter.slotOf>;
			try {
				slot = st.adapter.slotOf(x);
			} catch {
				slot = undefined;
			}
			if (slot?.s === 'def') out.name = slot.def.name;
			return out;
		}
		const role = rel.role;
		switch (role.r) {
			case 'wrap':
			case 'template':
				x = rel.parent;
				continue;
			case 'ternary':
				if (rel.rel.k !== 'branch') return out;
				x = rel.parent;
				continue;
			case 'binary':
				if (role.op.trim() !== '+' && role.op.trim() !== '??' && role.op.trim() !== '?:' && role.op.trim() !== '||') return out;
				x = rel.parent;
				continue;
			case 'container':
				if (rel.rel.k === 'entry' && rel.rel.key !== undefined) out.name = rel.rel.key;
				return out;
			case 'call': {
				if (rel.rel.k !== 'arg') return out;
				if (URL_OBJECT.test(role.site.method)) {
					out.urlObject ??= role.site.method.replace(/:.*$/, '');
					x = rel.parent;
					continue;
				}
				if (rel.rel.label !== undefined) out.name = rel.rel.label;
				else out.argOf = role.site;
				return out;
			}
			default:
				return out;
		}
	}
	return out;
}

/** APIs that hand a URL to the browser or another app: the app itself sends nothing. */
const BROWSER = /^(openURL|openUrl|canOpenURL|launchUrl|launchUrlString|launch|canLaunchUrl|canLaunch|openBrowserAsync|openAuthSessionAsync|openLink|startActivity|setData|SFSafariViewController|CustomTabsIntent|open|openURL:|openURL:options:completionHandler:)$/;

function isBrowserCall(site: CallSite, text: string): boolean {
	if (site.method === 'Intent') return /ACTION_VIEW/.test(text);
	if (site.method === 'open') return /(^|\.)(UIApplication\.shared|NSWorkspace\.shared|Browser|InAppBrowser|WebBrowser|Linking|window)$/.test(site.receiver.replace(/\s+/g, ''));
	return BROWSER.test(site.method);
}

/** The value only goes to the browser (`Linking.openURL`, `launchUrl`, an ACTION_VIEW intent): never a request of the app. */
export function onlyToBrowser(flow: Flow, node: Node): boolean {
	const ds = flow.forward(node, { maxItems: 200, maxCallDepth: 2 });
	let browser = false;
	for (const d of ds) {
		if (d.kind === 'binding') continue;
		if (d.kind !== 'argument') return false;
		const text = flow.state.text.slice(d.site.start, d.site.end);
		if (isBrowserCall(d.site, text)) {
			browser = true;
			continue;
		}
		if (URL_OBJECT.test(d.site.method)) continue;
		return false;
	}
	return browser;
}

/** Calls whose string arguments are identifiers (XML features, namespaces, properties), never addresses. */
const IDENTIFIER_CALLS = /^(setFeature|getFeature|setProperty|getProperty|setNamespace|getNamespace|startTag|endTag|attribute|setPrefix|createElementNS|createAttributeNS|getElementsByTagNameNS|setAttributeNS|getAttributeNS|hasAttributeNS|lookupPrefix|isDefaultNamespace|declareNamespace|setNamespaceAware|newDocument|QName|Namespace|XmlNamespace)$/;

/** Why the literal is not an endpoint, from where it sits; undefined when nothing says so. */
export function notEndpoint(node: Node, binding: Binding): string | undefined {
	const role = binding.name ? urlNameRole(binding.name) : undefined;
	if (role === 'identifier') return 'an identifier';
	if (binding.name === '$schema') return 'a schema identifier';
	const call = binding.argOf;
	if (call) {
		if (IDENTIFIER_CALLS.test(call.method)) return 'an XML feature or namespace name';
		if (/(?:Error|Exception|Failure)$/.test(call.method)) return 'an error message';
		// `Library("jutf7", "http://jutf7.sourceforge.net/", "MIT License")`: a homepage in a licence list.
		if (call.args.some((a) => /licen[cs]e|copyright|\b(MIT|BSD|GPL|LGPL|MPL|Apache)\b/i.test(a.text) && /^["'@]/.test(a.text.trim()))) return 'a homepage link in a licence list';
	}
	// `throw X("…http://…")`, `throw "…"`.
	for (let p = node.parent, i = 0; p && i < 5; p = p.parent, i++) {
		if (/^(throw_statement|throw_expression)$/.test(p.type) || (p.type === 'jump_expression' && p.text.startsWith('throw'))) return 'an error message';
		if (/statement|declaration|function|lambda|block|body/.test(p.type)) break;
	}
	return undefined;
}

/** The literal's value is only read for its host (`URL("http://$x").host`, a DNS lookup). */
export function readForHostOnly(node: Node): boolean {
	let n: Node = node;
	for (let i = 0; i < 6 && n.parent; i++) {
		const p: Node = n.parent;
		const after = p.text.slice(n.endIndex - p.startIndex).replace(/^[\s)!?]*/, '');
		if (/^\.\s*(host|hostname|authority|port|getHost\s*\(\s*\)|getAuthority\s*\(\s*\))(?![\w(])/.test(after) || /^\.\s*getHost\s*\(/.test(after)) return true;
		if (/statement|declaration|function|lambda|block|body|arguments/.test(p.type) && i > 0) break;
		n = p;
	}
	return false;
}

/** `if (/^localhost/.test(host)) host = \`http://${host}\``: the scheme is put only in front of a loopback host. */
export function loopbackBranch(node: Node): boolean {
	for (let p = node.parent, i = 0; p && i < 8; p = p.parent, i++) {
		if (/^(if_statement|if_expression|guard_statement)$/.test(p.type)) {
			const cond = p.childForFieldName('condition') ?? p.namedChild(0);
			if (cond && cond.endIndex <= node.startIndex && /localhost|127\.0\.0\.1|10\.0\.2\.2|::1/.test(cond.text)) return true;
		}
		if (/^(function_declaration|method_declaration|function_definition|arrow_function|method_definition|lambda_literal|class_body|program|source_file)$/.test(p.type)) break;
	}
	return false;
}

/** RN `<WebView source={{ uri: 'http://…' }} />` / `<Image source={{ uri }} />`: loaded by the component. */
export function jsxSourceUri(node: Node): boolean {
	const pair = node.parent;
	if (pair?.type !== 'pair' || pair.childForFieldName('key')?.text.replace(/['"]/g, '') !== 'uri') return false;
	const obj = pair.parent;
	const expr = obj?.parent;
	const attr = expr?.type === 'jsx_expression' ? expr.parent : undefined;
	return attr?.type === 'jsx_attribute' && attr.namedChild(0)?.text === 'source';
}
