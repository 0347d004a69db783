import type { RuleContext } from '../../types';

/** The local names AsyncStorage is imported under (default import or the legacy core export). */
export function asyncStorageNames(ctx: RuleContext): Set<string> {
	const names = new Set<string>(['AsyncStorage']);
	for (const c of ctx.tree?.rootNode.namedChildren ?? []) {
		if (c?.type !== 'import_statement') continue;
		const src = c.childForFieldName('source')?.text.slice(1, -1);
		if (src !== '@react-native-async-storage/async-storage' && src !== 'react-native' && src !== '@react-native-community/async-storage') continue;
		const clause = c.namedChildren.find((x) => x?.type === 'import_clause');
		for (const part of clause?.namedChildren ?? []) {
			if (part?.type === 'identifier' && src !== 'react-native') names.add(part.text);
			if (part?.type === 'named_imports') {
				for (const spec of part.namedChildren) {
					if (spec?.type !== 'import_specifier') continue;
					const name = spec.childForFieldName('name')?.text;
					const alias = spec.childForFieldName('alias')?.text;
					if (name === 'AsyncStorage' || name === 'default') names.add(alias ?? name);
				}
			}
		}
	}
	return names;
}
