import type { Node, Tree } from 'web-tree-sitter';
import type { MobsecSettings } from '../../../common/src/settings';
import { DEFAULT_SETTINGS } from '../../../common/src/settings';
import { type Severity, severityRank } from '../../../common/src/severity';
import { classifyFile, CODE_GRAMMAR, FileKind, isDebugSourcePath, JSON_KINDS, looksGeneratedOrMinified, toPosix, XML_KINDS } from './files';
import { classifyPath } from './classify/paths';
import type { ShipKind, ShipVerdict } from './classify/types';
import { parseCode } from './parse/treeSitter';
import { parseXml, XmlDocument } from './parse/xml';
import { parseJson, JsonDocument } from './parse/json';
import { EMPTY_PROJECT, ProjectModel } from './project/model';
import { ALL_RULES, RULES_BY_ID, SUPPRESSION_MISSING_REASON, SUPPRESSION_UNKNOWN_RULE } from './rules/registry';
import { hasRealReason, isSuppressed, parseSuppressions } from './suppress';
import { LineIndex } from './text';
import type { AnalysisResult, Evidence, Finding, ReportInput, Rule, RuleContext, SourceFile } from './types';
import { Prefilter } from './prefilter';
import type { TreeCache } from './parse/treeCache';
import { resolveRuleLevel } from './ruleLevels';

import { BudgetExceeded, budgetExhausted, DEFAULT_BUDGET_MS, describeError, withBudget } from './budget';
import { structureCheck } from './parse/structured';
import { searchWithTree } from './textSearch';

export { ruleLevel } from './ruleLevels';
export { describeError };

export interface AnalyzeOptions {
	settings?: MobsecSettings;
	project?: ProjectModel;
	/**
	 * Per-file time budget (ms), default 2 s: parsing stops at it (tree-sitter's progress callback),
	 * and the rules get the same budget again once parsing is done (see engine/budget.ts).
	 */
	parseBudgetMs?: number;
	/** Rules to run (defaults to all); tests pass a single rule. */
	rules?: readonly Rule[];
	/** Override the kind detected from the path (e.g. an untitled editor buffer). */
	kind?: FileKind;
	/** Previous trees of open documents, for incremental reparsing (language server only). */
	trees?: TreeCache;
	/** The document's key in `trees` (its URI). */
	treeKey?: string;
	/** When given, milliseconds spent per rule id (and `parse:<grammar>`) are added to it (benchmark). */
	profile?: Map<string, number>;
	/**
	 * Parse source code no rule looks at when a bracket count says it may be broken, to note its
	 * syntax errors (default true: scans report every broken file). The language server turns it off
	 * while a document is edited (unbalanced brackets are normal mid-typing, the note is for scans).
	 */
	noteUnparsedSyntax?: boolean;
}

export const DEFAULT_PARSE_BUDGET_MS = DEFAULT_BUDGET_MS;

const prefilters = new WeakMap<readonly Rule[], Prefilter>();
function prefilterFor(rules: readonly Rule[]): Prefilter {
	let p = prefilters.get(rules);
	if (!p) {
		p = new Prefilter(rules);
		prefilters.set(rules, p);
	}
	return p;
}

function skip(reason: string): AnalysisResult {
	return { findings: [], skipped: reason, notes: [], rulesRun: 0, parsed: false };
}

/** Nothing analysed because something failed or hit a limit: skipped, and marked incomplete so no one reads it as clean. */
function notAnalysed(reason: string, notes: string[] = []): AnalysisResult {
	return { findings: [], skipped: `not analysed: ${reason}`, incomplete: reason, notes, rulesRun: 0, parsed: false };
}


/** Heuristic: NUL bytes in the first 8 KB mean binary content. */
export function looksBinary(text: string): boolean {
	return text.slice(0, 8192).includes('\u0000');
}

/**
 * Analyse one file: text in, findings out. Pure apart from loading grammars;
 * never throws for bad input (binary, huge, broken syntax): such files come
 * back with `skipped` or `notes` instead.
 */
export async function analyze(filePath: string, text: string, opts: AnalyzeOptions = {}): Promise<AnalysisResult> {
	// The last line of defence: whatever escapes the guarded steps below (a parser, the suppression
	// pass, a stack overflow anywhere) costs this file its analysis, never the caller's other files.
	try {
		return await analyzeGuarded(filePath, text, opts);
	} catch (e) {
		return notAnalysed(`analysis failed: ${describeError(e)}`);
	}
}

async function analyzeGuarded(filePath: string, text: string, opts: AnalyzeOptions): Promise<AnalysisResult> {
	const settings = opts.settings ?? DEFAULT_SETTINGS;
	const posix = toPosix(filePath);
	if (!settings.enable) return skip('MobSec is disabled (mobsec.enable)');
	const kind = opts.kind ?? classifyFile(posix, text);
	if (!kind) return skip('not a file kind MobSec analyses');
	if (text.length > settings.maxFileSize) return skip(`file is larger than mobsec.maxFileSize (${text.length} > ${settings.maxFileSize} characters)`);
	if (looksBinary(text)) return skip('binary content');
	if (text.trim() === '') return { findings: [], notes: [], rulesRun: 0, parsed: false };
	const ship = shipVerdict(posix, opts.project);
	if (ship.kind === 'generated' || ship.kind === 'vendored') return skip(`${SHIP_LABEL[ship.kind]}: ${ship.reason ?? posix}`);
	const testFile = ship.kind !== 'app';
	if (testFile && !settings.includeTests && !(opts.rules ?? ALL_RULES).some((r) => r.meta.includeTests)) {
		return skip(`${SHIP_LABEL[ship.kind]}: ${ship.reason ?? ''} (set mobsec.includeTests to analyse it)`);
	}
	const generated = looksGeneratedOrMinified(text);
	if (generated) return skip(generated);
	// Structured files are measured before anything else (even when no rule would run): one nested
	// past the limit is reported as not analysed rather than passed silently as clean.
	const scans = opts.trees && opts.treeKey !== undefined ? opts.trees.scans(opts.treeKey) : undefined;
	const structure = structureCheck(kind, text, scans);
	if (structure.limit) return notAnalysed(structure.limit);

	const allRules = opts.rules ?? ALL_RULES;
	const candidates = prefilterFor(allRules).rulesFor(kind, text, scans).filter((r) => {
		if (testFile && !settings.includeTests && !r.meta.includeTests) return false;
		if (r.meta.appliesTo && !r.meta.appliesTo(posix, kind)) return false;
		return resolveRuleLevel(r.meta.id, settings)?.level !== 'off';
	});

	// Most files stop here: no rule triggered and no suppression comment to check.
	if (candidates.length === 0 && !text.includes('mobsec-disable')) {
		const note = structure.note ?? (opts.noteUnparsedSyntax === false ? undefined : await unparsedCodeNote(kind, text, structure.openBrackets ?? 0, opts.parseBudgetMs ?? DEFAULT_PARSE_BUDGET_MS));
		const result: AnalysisResult = { findings: [], notes: note ? [note] : [], rulesRun: 0, parsed: false };
		if (testFile) result.ship = ship;
		return result;
	}

	const lines = new LineIndex(text);
	const notes: string[] = structure.note ? [structure.note] : [];
	/** Short reasons this file's analysis is incomplete (a parse that failed or timed out, a rule that failed or was stopped). */
	const incomplete: string[] = [];
	const file: SourceFile = { path: posix, text, kind, lines, isDebugSource: isDebugSourcePath(posix) };
	if (scans) file.scans = scans;
	const findings: Finding[] = [];
	const sups = parseSuppressions(text, lines);

	let parsed = false;
	let keepTree = false;
	if (candidates.length > 0) {
		let tree: Tree | undefined;
		let xml: XmlDocument | undefined;
		let json: JsonDocument | undefined;
		const grammar = CODE_GRAMMAR[kind];
		if (grammar) {
			try {
				const cacheKey = opts.trees && opts.treeKey !== undefined ? opts.treeKey : undefined;
				const oldTree = cacheKey !== undefined ? opts.trees!.prepare(cacheKey, grammar, text) : undefined;
				const outcome = await parseCode(grammar, text, opts.parseBudgetMs ?? DEFAULT_PARSE_BUDGET_MS, oldTree);
				if (opts.profile) opts.profile.set(`parse:${grammar}`, (opts.profile.get(`parse:${grammar}`) ?? 0) + outcome.ms);
				if (outcome.timedOut) {
					notes.push(`parse budget of ${opts.parseBudgetMs ?? DEFAULT_PARSE_BUDGET_MS} ms exceeded; file not analysed`);
					incomplete.push(`parse time budget of ${opts.parseBudgetMs ?? DEFAULT_PARSE_BUDGET_MS} ms exceeded`);
					if (cacheKey !== undefined) opts.trees!.delete(cacheKey);
				}
				tree = outcome.tree;
				parsed = tree !== undefined;
				// Helpers given the tree and its text search through the document's scan memory.
				if (tree) searchWithTree(tree, file);
				if (tree?.rootNode.hasError) notes.push(`syntax errors (the ${grammar} parser recovered); analysed what could be read`);
				if (tree && cacheKey !== undefined) {
					// The cache owns the tree from here on; it is deleted when replaced.
					opts.trees!.store(cacheKey, grammar, text, tree);
					keepTree = true;
				}
			} catch (e) {
				notes.push(`could not parse as ${grammar}: ${describeError(e)}`);
				incomplete.push(`the ${grammar} parser failed`);
			}
		} else if (XML_KINDS.has(kind)) {
			try {
				const t0 = opts.profile ? performance.now() : 0;
				xml = parseXml(text);
				if (opts.profile) opts.profile.set('parse:xml', (opts.profile.get('parse:xml') ?? 0) + performance.now() - t0);
			} catch (e) {
				return notAnalysed(`the XML parser failed: ${describeError(e)}`, notes);
			}
			if (xml.limit) return notAnalysed(xml.limit, notes);
			parsed = true;
			if (xml.errors > 0) notes.push(`${xml.errors} XML syntax error(s); analysed what could be read`);
		} else if (JSON_KINDS.has(kind)) {
			try {
				json = parseJson(text);
			} catch (e) {
				return notAnalysed(`the JSON parser failed: ${describeError(e)}`, notes);
			}
			if (json.limit) return notAnalysed(json.limit, notes);
			parsed = true;
			if (json.errors.length > 0) notes.push(`${json.errors.length} JSON syntax error(s); analysed what could be read`);
		}
		const needsTree = (r: Rule): boolean => grammar !== undefined && r.meta.kinds.includes(kind);
		const budgetMs = opts.parseBudgetMs ?? DEFAULT_PARSE_BUDGET_MS;
		try {
			// Each rule runs guarded: an exception (a stack overflow included) stops that rule only, and
			// what it reported before stays. The rules share one time budget; a rule that runs past it is
			// stopped from inside (checkBudget in the shared helpers and walks), and the rules after it do
			// not start. Either way the file is marked incomplete, with a note.
			withBudget(budgetMs, () => {
				for (let i = 0; i < candidates.length; i++) {
					const rule = candidates[i]!;
					if (needsTree(rule) && !tree) continue;
					if (budgetExhausted()) {
						const rest = candidates.slice(i).map((r) => r.meta.id);
						notes.push(`time budget of ${budgetMs} ms for the rules exceeded; not run: ${rest.join(', ')}`);
						incomplete.push(`time budget exceeded (${rest.length} rule${rest.length === 1 ? '' : 's'} not run)`);
						break;
					}
					const ctx = makeContext(rule, file, opts.project ?? EMPTY_PROJECT, findings, tree, xml, json, notes);
					ctx.settings = settings;
					const t0 = opts.profile ? performance.now() : 0;
					try {
						rule.check(ctx);
					} catch (e) {
						if (e instanceof BudgetExceeded) {
							const rest = candidates.slice(i + 1).map((r) => r.meta.id);
							notes.push(`rule ${rule.meta.id} stopped: ${e.message}${rest.length ? `; not run: ${rest.join(', ')}` : ''}`);
							incomplete.push(`rule ${rule.meta.id} stopped by the time budget`);
							break;
						}
						notes.push(`rule ${rule.meta.id} failed: ${describeError(e)}`);
						incomplete.push(`rule ${rule.meta.id} failed`);
					}
					if (opts.profile) opts.profile.set(rule.meta.id, (opts.profile.get(rule.meta.id) ?? 0) + performance.now() - t0);
				}
			});
		} finally {
			if (!keepTree) tree?.delete();
		}
	}

	const kept: Finding[] = [];
	for (const f of findings) {
		if (isSuppressed(sups, f.ruleId, f.range.start.line)) continue;
		const level = resolveRuleLevel(f.ruleId, settings)?.level;
		if (level === 'off') continue;
		if (level) f.severity = level;
		kept.push(f);
	}
	for (const s of sups) {
		const unknown = s.ruleIds.filter((id) => id !== '*' && !RULES_BY_ID.has(id));
		if (unknown.length > 0) {
			const idx = text.indexOf(unknown[0]!, s.idsStart);
			const start = idx >= 0 ? idx : s.start;
			kept.push(metaFinding(SUPPRESSION_UNKNOWN_RULE, lines, start, idx >= 0 ? idx + unknown[0]!.length : s.end, `Unknown rule id "${unknown.join('", "')}" in a MobSec suppression; it suppresses nothing.`));
		} else if (!hasRealReason(s.reason)) {
			kept.push(metaFinding(SUPPRESSION_MISSING_REASON, lines, s.start, s.end, 'MobSec suppression without a reason: add one after "--" so reviewers know why this finding is accepted.'));
		}
	}
	kept.sort((a, b) => a.offset.start - b.offset.start || a.ruleId.localeCompare(b.ruleId));
	const result: AnalysisResult = { findings: kept, notes, rulesRun: candidates.length, parsed };
	if (testFile) result.ship = ship;
	if (incomplete.length > 0) result.incomplete = incomplete.join('; ');
	return result;
}

/**
 * A note for source code no rule looked at (nothing in it triggers one), when it is broken: a
 * cheap bracket count first (it runs on every such file), then, for the few it flags, the parser
 * decides (the count alone is fooled by regex literals and apostrophes in JSX text).
 */
async function unparsedCodeNote(kind: FileKind, text: string, openBrackets: number, budgetMs: number): Promise<string | undefined> {
	const grammar = CODE_GRAMMAR[kind];
	if (!grammar || openBrackets === 0) return undefined;
	try {
		const { tree } = await parseCode(grammar, text, budgetMs);
		const broken = tree?.rootNode.hasError === true;
		tree?.delete();
		return broken ? `syntax errors (the ${grammar} parser recovered; truncated?); nothing in it for the rules` : undefined;
	} catch {
		return undefined;
	}
}

const SHIP_LABEL: Record<ShipKind, string> = { app: 'app code', test: 'test source', example: 'example code', tooling: 'developer tooling', generated: 'generated file', vendored: 'vendored third-party code' };

/** Whether the file ships, from the project's classifier when there is one, else from its path. */
export function shipVerdict(filePath: string, project: ProjectModel | undefined): ShipVerdict {
	return project?.ships ? project.ships.classify(filePath) : classifyPath(filePath);
}

const EVIDENCE_CAP: Record<Evidence, Severity> = { strong: 'error', likely: 'warning', name: 'info' };

/** The rule's severity, capped by how strong the evidence is (a name alone is at most `info`). */
export function severityForEvidence(ruleSeverity: Severity, evidence: Evidence): Severity {
	const cap = EVIDENCE_CAP[evidence];
	return severityRank(ruleSeverity) > severityRank(cap) ? cap : ruleSeverity;
}

function metaFinding(rule: Rule, lines: LineIndex, start: number, end: number, message: string): Finding {
	return { ruleId: rule.meta.id, severity: rule.meta.severity, message, range: lines.range(start, end), offset: { start, end }, fixes: [] };
}

function makeContext(
	rule: Rule,
	file: SourceFile,
	project: ProjectModel,
	sink: Finding[],
	tree: RuleContext['tree'],
	xml: XmlDocument | undefined,
	json: JsonDocument | undefined,
	notes: string[],
): RuleContext {
	const ctx: RuleContext = {
		file,
		project,
		report(input: ReportInput) {
			const f: Finding = {
				ruleId: rule.meta.id,
				severity: input.severity ?? severityForEvidence(rule.meta.severity, input.evidence ?? 'strong'),
				message: input.message,
				range: file.lines.range(input.start, input.end),
				offset: { start: input.start, end: input.end },
				fixes: input.fixes ?? [],
			};
			if (input.data) f.data = input.data;
			if (input.evidence && input.evidence !== 'strong') f.evidence = input.evidence;
			if (input.related && input.related.length > 0) {
				f.related = input.related.map((r) => ({ range: file.lines.range(r.start, r.end), offset: { start: r.start, end: r.end }, message: r.message }));
			}
			sink.push(f);
		},
		note(message: string) {
			const n = `${rule.meta.id}: ${message}`;
			if (!notes.includes(n) && notes.length < 100) notes.push(n);
		},
		range: (s, e) => file.lines.range(s, e),
		nodeText: (n: Node) => file.text.slice(n.startIndex, n.endIndex),
	};
	if (tree) ctx.tree = tree;
	if (xml) ctx.xml = xml;
	if (json) ctx.json = json;
	return ctx;
}
