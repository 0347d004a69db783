import type { FileKind } from '../../files';
import type { SinkKind } from '../../flow';
import { modelsFor, propertySearchPattern, sinkSearchPattern } from '../../flow/models';
import { langOf } from '../../flow/types';

/**
 * Whether `flow.sinks(kinds)` can find anything in this text: the flow layer looks for sink calls
 * and property assignments only where its search patterns for the models of the file's language
 * match (findSinks in flow/sinks.ts), so with no match the answer is empty and nothing was queried.
 * A text gate (RuleMeta.textGate) for rules that report only at such sinks. False for a kind the
 * flow layer has no language for (flowOf() gives no flow there).
 */
export function maySinkTo(text: string, kind: FileKind, kinds: ReadonlySet<SinkKind>): boolean {
	const lang = langOf(kind);
	if (!lang) return false;
	const models = modelsFor(lang);
	for (const re of [sinkSearchPattern(models, kinds), propertySearchPattern(models, kinds)]) {
		if (!re) continue;
		// The search pattern is shared (compiled once per language): leave it as findSinks expects it.
		re.lastIndex = 0;
		const found = re.test(text);
		re.lastIndex = 0;
		if (found) return true;
	}
	return false;
}
