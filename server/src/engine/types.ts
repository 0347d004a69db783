import type { Node, Tree } from 'web-tree-sitter';
import type { Severity } from '../../../common/src/severity';
import type { FileKind } from './files';
import type { LineIndex } from './text';
import type { XmlDocument } from './parse/xml';
import type { JsonDocument } from './parse/json';
import type { ScanMemo } from './incrementalScan';
import type { ProjectModel } from './project/model';
import type { OptionalPart } from './project/modelParts';
import type { MobsecSettings } from '../../../common/src/settings';

export type { Severity };

/** 0-based, UTF-16 code units, like LSP. */
export interface Position {
	line: number;
	character: number;
}
export interface Range {
	start: Position;
	end: Position;
}

/** One replacement. `path` names another file (absolute); omitted means the analysed file. */
export interface TextEdit {
	path?: string;
	range: Range;
	newText: string;
}

/** A file the fix creates (fails if it exists). */
export interface CreateFile {
	path: string;
	content: string;
}

export interface Fix {
	title: string;
	/** The one fix an editor applies on "auto fix" / marks as preferred. */
	preferred?: boolean;
	edits: TextEdit[];
	creates?: CreateFile[];
	/** Whether this fix can be batched in "fix all of this rule in the file". */
	fixAll?: boolean;
}

/** The guideline's seven sections, in its order. */
export const SECTIONS = ['AUTH', 'COMMS', 'STORE', 'TRANSIT', 'REVIEW', 'THREAT', 'UPDATE'] as const;
export type Section = (typeof SECTIONS)[number];

export interface RuleMeta {
	id: string;
	title: string;
	/** Default severity (catalog high/medium/low/info = error/warning/info/hint). */
	severity: Severity;
	/** Guideline sections the rule gives evidence for; first is primary. */
	sections: Section[];
	/** OWASP MASVS v2 control ids, MASWE ids. */
	masvs: string[];
	kinds: readonly FileKind[];
	/** Literal substrings; if none occurs in a file, the rule does not run (and the file is not parsed for it). */
	triggers: readonly string[];
	/**
	 * Optional second gate, matched case-insensitively: the rule runs only if one of
	 * these words occurs too (e.g. a log rule needs a log call AND a sensitive word).
	 * Keeps broad triggers such as `console.log` from parsing every file.
	 */
	alsoRequires?: readonly string[];
	/**
	 * Optional third gate, run on the text after `triggers` and `alsoRequires`: false means the rule
	 * provably reports nothing on this text (no finding, no fix, no note), so it does not run and the
	 * file is not parsed for it. It must over-approximate every path to `ctx.report`: build it from the
	 * rule's own first textual tests (the same regexes, the same value tests), never from a new word
	 * list. Only scans use it (see Prefilter.rulesFor): an open document keeps its incremental matches.
	 * test/unit/textGates.test.ts runs each gated rule without its gate over its fixtures, the eval
	 * suite and the example app and checks the gate never said no where the rule reported.
	 */
	textGate?: (text: string, kind: FileKind) => boolean;
	/**
	 * Optional path gate: false means the rule does nothing on a file at this (POSIX) path of this
	 * kind (its check returns before it reads anything, e.g. the dependency rules on a Swift file
	 * other than `Package.swift`), so it is not a candidate there and the file is not parsed for it.
	 * The check must return early through the same function, so the two cannot drift apart
	 * (test/unit/textGates.test.ts runs each such rule without it over the same corpus as the gates).
	 */
	appliesTo?: (path: string, kind: FileKind) => boolean;
	/**
	 * The optional parts of the project model the rule reads (project/modelParts.ts): an `--include`
	 * scan computes a part only when a rule that can run on its files declares it.
	 * test/unit/modelParts.test.ts finds every rule module that reads a part's fields (directly or
	 * through a helper it imports) and fails if the rule does not declare the part.
	 */
	modelParts?: readonly OptionalPart[];
	/** Why it matters, one or two sentences, shown on hover and in SARIF help. */
	why: string;
	/** How to fix it, one or two sentences. */
	fix: string;
	/** Analyse files under test folders too (default false: tests are excluded). */
	includeTests?: boolean;
}

export interface SourceFile {
	/** Absolute path, forward slashes. */
	path: string;
	text: string;
	kind: FileKind;
	lines: LineIndex;
	/** Under src/debug, a *Debug source set, or similar: debug-only. */
	isDebugSource: boolean;
	/**
	 * An open document's memory of whole-text searches, kept from one edit to the next (language server
	 * only): rules search through engine/textSearch.ts, which updates a line-local pattern's
	 * matches around the edit instead of searching the whole text again.
	 */
	scans?: ScanMemo;
}

/**
 * How strong the evidence behind a finding is; the engine (not each rule)
 * turns it into a severity cap:
 * - `strong`: a sink reached by a value of known origin, a secret in a known
 *   format, a setting in the release configuration: the rule's own severity;
 * - `likely`: the value or the sink is inferred (a sensitive name reaching a
 *   modelled sink, an endpoint-like binding): at most `warning`;
 * - `name`: nothing but a name or a word: at most `info`.
 */
export type Evidence = 'strong' | 'likely' | 'name';

/** A location that explains a finding (a source, a step of a value's path), in the analysed file unless `path` says otherwise. */
export interface RelatedInput {
	start: number;
	end: number;
	message: string;
}

export interface RelatedLocation {
	range: Range;
	offset: { start: number; end: number };
	message: string;
}

export interface ReportInput {
	start: number;
	end: number;
	message: string;
	/** Explicit severity; wins over `evidence`. */
	severity?: Severity;
	/** Default `strong` (the rule's severity). */
	evidence?: Evidence;
	/** Source first, then the steps of the path, in order (LSP relatedInformation, SARIF codeFlows). */
	related?: RelatedInput[];
	fixes?: Fix[];
	data?: Record<string, unknown>;
}

export interface RuleContext {
	file: SourceFile;
	/** tree-sitter tree for code kinds (may contain ERROR nodes; rules must cope). */
	tree?: Tree;
	xml?: XmlDocument;
	json?: JsonDocument;
	project: ProjectModel;
	/** Effective settings for this file (optional: rules must fall back to defaults). */
	settings?: MobsecSettings;
	report(input: ReportInput): void;
	/** Record a note for the analysis log (a cap hit, a partial answer); duplicates are dropped. */
	note?(message: string): void;
	range(start: number, end: number): Range;
	/** Text of a tree-sitter node (convenience). */
	nodeText(node: Node): string;
}

export interface Rule {
	meta: RuleMeta;
	check(ctx: RuleContext): void;
}

export interface Finding {
	ruleId: string;
	severity: Severity;
	message: string;
	range: Range;
	/** Absolute offsets in the analysed text, for fixes and fingerprints. */
	offset: { start: number; end: number };
	fixes: Fix[];
	data?: Record<string, unknown>;
	/** Set when the rule reported anything weaker than `strong`. */
	evidence?: Evidence;
	/** Source and path steps, in order. */
	related?: RelatedLocation[];
}

export interface AnalysisResult {
	findings: Finding[];
	/** Set when the file was not analysed, with a human reason. */
	skipped?: string;
	/** Notes about the analysis (parse budget hit, parse errors, a rule that failed), for logs. */
	notes: string[];
	/**
	 * Set when the analysis failed or stopped at a limit, with short reasons: a parser failed or
	 * hit the nesting limit (then `skipped` is set too: nothing was analysed), the parse or rule
	 * time budget ran out, or a rule threw (the other rules' findings are kept). Such a file must
	 * never be shown as clean.
	 */
	incomplete?: string;
	/** Rules that ran (after prefilter). */
	rulesRun: number;
	parsed: boolean;
	/** Set when the file was analysed although it does not ship (test, example or tooling code under mobsec.includeTests), with why it counts as such. */
	ship?: import('./classify/types').ShipVerdict;
}
