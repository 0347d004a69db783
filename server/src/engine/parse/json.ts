import { parseTree, findNodeAtLocation, Node as JsonNode, ParseError } from 'jsonc-parser';
import { jsonNestingDepth, MAX_NESTING_DEPTH, nestingMessage } from '../../../../common/src/nesting';

export type { JsonNode };

/** JSON (comments tolerated) with node offsets, via jsonc-parser. */
export interface JsonDocument {
	root?: JsonNode;
	errors: ParseError[];
	/** Set when the text was not parsed because it exceeds a limit (nesting): why. */
	limit?: string;
}

/**
 * Parse with offsets. jsonc-parser descends recursively, so nesting is measured first
 * (iteratively) and a file nested deeper than the limit comes back without a root, with `limit`.
 */
export function parseJson(text: string): JsonDocument {
	if (jsonNestingDepth(text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) return { errors: [], limit: nestingMessage('JSON') };
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

/** Children of a JSON node (for `preorder`). */
export function jsonChildren(n: JsonNode): JsonNode[] | undefined {
	return n.children;
}
