import { parseJson } from '../parse/json';

/** Every dependency a package.json declares (all four sections), name -> declared range. */
export function npmDependencies(text: string): Map<string, string> {
	const out = new Map<string, string>();
	const obj = parseJson(text).root;
	if (!obj || obj.type !== 'object') return out;
	for (const prop of obj.children ?? []) {
		const key = prop.children?.[0]?.value;
		const val = prop.children?.[1];
		if (!['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].includes(String(key)) || val?.type !== 'object') continue;
		for (const d of val.children ?? []) {
			const name = d.children?.[0]?.value;
			const range = d.children?.[1]?.value;
			if (typeof name === 'string') out.set(name, typeof range === 'string' ? range : '');
		}
	}
	return out;
}
