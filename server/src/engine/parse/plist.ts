import type { XmlElement } from './xml';

/**
 * Property-list values read from the XML tree with their positions, so rules
 * can anchor on the `<key>` and fix the value element.
 */
export type PlistValue =
	| { type: 'dict'; el: XmlElement; entries: PlistEntry[] }
	| { type: 'array'; el: XmlElement; items: PlistValue[] }
	| { type: 'bool'; el: XmlElement; value: boolean }
	| { type: 'string' | 'number' | 'date' | 'data'; el: XmlElement; value: string };

export interface PlistEntry {
	key: string;
	keyEl: XmlElement;
	value: PlistValue;
}

export function readPlistValue(el: XmlElement): PlistValue | undefined {
	switch (el.name) {
		case 'dict': {
			const entries: PlistEntry[] = [];
			for (let i = 0; i < el.children.length; i++) {
				const k = el.children[i]!;
				if (k.name !== 'key') continue;
				const v = el.children[i + 1];
				if (!v || v.name === 'key') continue;
				const value = readPlistValue(v);
				if (value) entries.push({ key: k.text, keyEl: k, value });
				i++;
			}
			return { type: 'dict', el, entries };
		}
		case 'array':
			return { type: 'array', el, items: el.children.map(readPlistValue).filter((v): v is PlistValue => v !== undefined) };
		case 'true':
		case 'false':
			return { type: 'bool', el, value: el.name === 'true' };
		case 'string':
		case 'date':
		case 'data':
			return { type: el.name, el, value: el.text };
		case 'integer':
		case 'real':
			return { type: 'number', el, value: el.text };
	}
	return undefined;
}

/** The top-level dict of a plist document. */
export function plistRoot(root: XmlElement | undefined): Extract<PlistValue, { type: 'dict' }> | undefined {
	if (!root) return undefined;
	const dictEl = root.name === 'plist' ? root.children.find((c) => c.name === 'dict') : root.name === 'dict' ? root : undefined;
	if (!dictEl) return undefined;
	const v = readPlistValue(dictEl);
	return v && v.type === 'dict' ? v : undefined;
}

export function dictGet(dict: Extract<PlistValue, { type: 'dict' }>, key: string): PlistEntry | undefined {
	return dict.entries.find((e) => e.key === key);
}
