import { androidAttr, parseXml, XmlElement } from '../../parse/xml';

/**
 * What one AndroidManifest.xml declares, as plain data (JSON-comparable, so
 * ProjectIndex can tell whether a change matters): the `<application>`
 * attributes, the components with their intent filters and permissions, the
 * permissions it defines, and the manifest merger's `tools:` markers. Offsets
 * point into that file's text.
 */
export interface DeclaredAttr {
	value: string;
	start: number;
	end: number;
	valueStart: number;
	valueEnd: number;
	line: number;
}

export interface ToolsMarkers {
	/** tools:node (merge, replace, remove, removeAll, merge-only-attributes, strict). */
	node?: string;
	/** Attributes listed in tools:replace / tools:remove (local names, without `android:`). */
	replace?: string[];
	remove?: string[];
	/** Lint ids in tools:ignore. */
	ignore?: string[];
}

export interface DataSpec {
	scheme?: string;
	host?: string;
	port?: string;
	path?: string;
	pathPrefix?: string;
	pathPattern?: string;
	mimeType?: string;
}

export interface IntentFilterDecl {
	actions: string[];
	categories: string[];
	data: DataSpec[];
	/** android:autoVerify as written. */
	autoVerify?: string;
	start: number;
	end: number;
	nameStart: number;
	nameEnd: number;
	line: number;
}

export type ComponentType = 'activity' | 'activity-alias' | 'service' | 'receiver' | 'provider';
export const COMPONENT_TYPES: readonly ComponentType[] = ['activity', 'activity-alias', 'service', 'receiver', 'provider'];

export interface ComponentDecl {
	type: ComponentType;
	/** android:name as written (`.MainActivity`, `com.x.Y`). */
	name: string;
	/** android:* attributes by local name. */
	attrs: Record<string, DeclaredAttr>;
	tools: ToolsMarkers;
	filters: IntentFilterDecl[];
	start: number;
	end: number;
	nameStart: number;
	nameEnd: number;
	line: number;
}

export interface ManifestDecl {
	/** `<manifest package>` (older projects; newer ones use the Gradle namespace). */
	package?: string;
	application?: { attrs: Record<string, DeclaredAttr>; tools: ToolsMarkers; start: number; nameStart: number; nameEnd: number; line: number };
	components: ComponentDecl[];
	/** `<permission>` definitions with their protection level. */
	permissions: { name: string; protectionLevel?: string; line: number }[];
	/** `<uses-sdk android:targetSdkVersion>` when literal. */
	targetSdk?: number;
	/** The file parsed with errors (a half-typed manifest: absences are no evidence). */
	partial?: boolean;
}

const TOOLS_NS = 'http://schemas.android.com/tools';

function toolsAttr(el: XmlElement, local: string): string | undefined {
	return el.attrs.find((a) => a.local === local && (a.uri === TOOLS_NS || (a.uri === undefined && a.name === `tools:${local}`)))?.value;
}

function toolsOf(el: XmlElement): ToolsMarkers {
	const t: ToolsMarkers = {};
	const node = toolsAttr(el, 'node');
	if (node) t.node = node.trim();
	const list = (v: string | undefined): string[] | undefined => (v ? v.split(',').map((s) => s.trim().replace(/^android:/, '')).filter((s) => s !== '') : undefined);
	const replace = list(toolsAttr(el, 'replace'));
	if (replace) t.replace = replace;
	const remove = list(toolsAttr(el, 'remove'));
	if (remove) t.remove = remove;
	const ignore = list(toolsAttr(el, 'ignore'));
	if (ignore) t.ignore = ignore;
	return t;
}

/** 0-based line of an offset, with a shared line-start table per text. */
function lineTable(text: string): (offset: number) => number {
	const starts: number[] = [0];
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
	return (o: number) => {
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid]! <= o) lo = mid;
			else hi = mid - 1;
		}
		return lo;
	};
}

function androidAttrs(el: XmlElement, lineOf: (o: number) => number): Record<string, DeclaredAttr> {
	const out: Record<string, DeclaredAttr> = {};
	for (const a of el.attrs) {
		if (!(a.uri === 'http://schemas.android.com/apk/res/android' || (a.uri === undefined && a.name.startsWith('android:')))) continue;
		out[a.local] = { value: a.value, start: a.start, end: a.end, valueStart: a.valueStart, valueEnd: a.valueEnd, line: lineOf(a.start) };
	}
	return out;
}

/** The declarations of a manifest, from its parsed root (or its text). */
export function manifestDecl(root: XmlElement | undefined, text: string, errors = 0): ManifestDecl {
	const out: ManifestDecl = { components: [], permissions: [] };
	if (errors > 0) out.partial = true;
	if (!root || root.name !== 'manifest') return out;
	const lineOf = lineTable(text);
	const pkg = root.attrs.find((a) => a.name === 'package');
	if (pkg) out.package = pkg.value;
	for (const el of root.children) {
		if (el.name === 'permission') {
			const name = androidAttr(el, 'name')?.value;
			const level = androidAttr(el, 'protectionLevel')?.value;
			if (name) out.permissions.push(level !== undefined ? { name, protectionLevel: level, line: lineOf(el.start) } : { name, line: lineOf(el.start) });
		} else if (el.name === 'uses-sdk') {
			const t = Number(androidAttr(el, 'targetSdkVersion')?.value);
			if (Number.isFinite(t) && t > 0) out.targetSdk = t;
		} else if (el.name === 'application') {
			out.application = { attrs: androidAttrs(el, lineOf), tools: toolsOf(el), start: el.start, nameStart: el.nameStart, nameEnd: el.nameEnd, line: lineOf(el.start) };
			for (const c of el.children) {
				if (!(COMPONENT_TYPES as readonly string[]).includes(c.name)) continue;
				const name = androidAttr(c, 'name')?.value;
				if (!name) continue;
				const filters: IntentFilterDecl[] = [];
				for (const f of c.children) {
					if (f.name !== 'intent-filter') continue;
					const decl: IntentFilterDecl = { actions: [], categories: [], data: [], start: f.start, end: f.end, nameStart: f.nameStart, nameEnd: f.nameEnd, line: lineOf(f.start) };
					const av = androidAttr(f, 'autoVerify');
					if (av) decl.autoVerify = av.value;
					for (const x of f.children) {
						const n = androidAttr(x, 'name')?.value;
						if (x.name === 'action' && n) decl.actions.push(n);
						else if (x.name === 'category' && n) decl.categories.push(n);
						else if (x.name === 'data') {
							const d: DataSpec = {};
							for (const k of ['scheme', 'host', 'port', 'path', 'pathPrefix', 'pathPattern', 'mimeType'] as const) {
								const v = androidAttr(x, k)?.value;
								if (v !== undefined) d[k] = v;
							}
							decl.data.push(d);
						}
					}
					filters.push(decl);
				}
				out.components.push({ type: c.name as ComponentType, name, attrs: androidAttrs(c, lineOf), tools: toolsOf(c), filters, start: c.start, end: c.end, nameStart: c.nameStart, nameEnd: c.nameEnd, line: lineOf(c.start) });
			}
		}
	}
	return out;
}

/** Parse and read a manifest's declarations from its text. */
export function manifestDeclFromText(text: string): ManifestDecl {
	const doc = parseXml(text);
	return manifestDecl(doc.root, text, doc.errors);
}

/** Fully qualified class name of a component: `.Foo` and `Foo` are relative to the package / namespace. */
export function qualifiedName(name: string, pkg: string | undefined): string {
	const n = name.trim();
	if (n.startsWith('.')) return pkg ? pkg + n : n.slice(1);
	if (!n.includes('.') && pkg) return `${pkg}.${n}`;
	return n;
}
