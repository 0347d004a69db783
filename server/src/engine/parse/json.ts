import { parseTree, findNodeAtLocation, Node as JsonNode, ParseError } from 'jsonc-parser';

export type { JsonNode };

/** JSON (comments tolerated) with node offsets, via jsonc-parser. */
export interface JsonDocument {
	root?: JsonNode;
	errors: ParseError[];
}

export function parseJson(text: string): JsonDocument {
	const errors: ParseError[] = [];
	const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
	return root ? { root, errors } : { errors };
}

export function jsonAt(doc: JsonDocument, path: (string | number)[]): JsonNode | undefined {
	return doc.root ? findNodeAtLocation(doc.root, path) : undefined;
}

/** The property node (key + value pair) that holds `valueNode`. */
export function propertyOf(valueNode: JsonNode): JsonNode | undefined {
	return valueNode.parent && valueNode.parent.type === 'property' ? valueNode.parent : undefined;
}
