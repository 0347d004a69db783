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

/** A scalar value, or an empty container whose children `readPlistValue` fills in. */
function shallowValue(el: XmlElement): PlistValue | undefined {
	switch (el.name) {
		case 'dict':
			return { type: 'dict', el, entries: [] };
		case 'array':
			return { type: 'array', el, items: [] };
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

/**
 * The value an element holds. Iterative (an explicit work list), so a plist nested however
 * deep cannot overflow the stack; dict entries are `<key>` followed by their value element.
 */
export function readPlistValue(el: XmlElement): PlistValue | undefined {
	const top = shallowValue(el);
	const work: PlistValue[] = top ? [top] : [];
	while (work.length > 0) {
		const v = work.pop()!;
		if (v.type === 'dict') {
			const kids = v.el.children;
			for (let i = 0; i < kids.length; i++) {
				const k = kids[i]!;
				if (k.name !== 'key') continue;
				const next = kids[i + 1];
				if (!next || next.name === 'key') continue;
				const value = shallowValue(next);
				if (value) {
					v.entries.push({ key: k.text, keyEl: k, value });
					work.push(value);
				}
				i++;
			}
		} else if (v.type === 'array') {
			for (const c of v.el.children) {
				const value = shallowValue(c);
				if (value) {
					v.items.push(value);
					work.push(value);
				}
			}
		}
	}
	return top;
}

/** Every value in `v` (itself included), depth-first in document order; iterative. */
export function* plistValues(v: PlistValue): Generator<PlistValue> {
	const stack: PlistValue[] = [v];
	while (stack.length > 0) {
		const x = stack.pop()!;
		yield x;
		if (x.type === 'dict') for (let i = x.entries.length - 1; i >= 0; i--) stack.push(x.entries[i]!.value);
		else if (x.type === 'array') for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]!);
	}
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
