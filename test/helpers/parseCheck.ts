import { CODE_GRAMMAR, classifyFile, JSON_KINDS, XML_KINDS } from '../../server/src/engine/files';
import { parseCode } from '../../server/src/engine/parse/treeSitter';
import { parseXml } from '../../server/src/engine/parse/xml';
import { parseJson } from '../../server/src/engine/parse/json';

/** Number of syntax errors the engine's parser sees in a file (ERROR/MISSING nodes, XML/JSON errors). */
export async function syntaxErrorCount(virtualPath: string, text: string): Promise<number> {
	const kind = classifyFile(virtualPath, text);
	if (!kind) return 0;
	const grammar = CODE_GRAMMAR[kind];
	if (grammar) {
		const { tree } = await parseCode(grammar, text, 10_000);
		if (!tree) return Number.POSITIVE_INFINITY;
		let n = 0;
		const cursor = tree.walk();
		for (;;) {
			if (cursor.nodeType === 'ERROR' || cursor.currentNode.isMissing) n++;
			if (cursor.gotoFirstChild()) continue;
			let done = false;
			while (!cursor.gotoNextSibling()) {
				if (!cursor.gotoParent()) {
					done = true;
					break;
				}
			}
			if (done) break;
		}
		cursor.delete();
		tree.delete();
		return n;
	}
	if (XML_KINDS.has(kind)) return parseXml(text).errors;
	if (JSON_KINDS.has(kind)) return parseJson(text).errors.length;
	return 0;
}
