import type { MobsecSettings } from '../../../common/src/settings';
import type { Finding } from '../engine/types';

export interface CachedAnalysis {
	/** Document version the findings belong to (null for files read from disk). */
	version: number | null;
	text: string;
	/** What the editor shows: diagnostics, code actions and hovers. */
	findings: Finding[];
	/** Findings the baseline hides (`.mobsec/baseline.json`); still evidence for the release checklist. */
	hidden: Finding[];
	resultId: string;
	/** Why the analysis is incomplete (failed or stopped at a limit), when it is. */
	incomplete?: string;
	/** The cache generation it was computed in (see AnalysisCache.invalidate). */
	generation: number;
}

/** Splits a file's findings into shown and hidden (the baseline); installed by the server. */
export type FindingFilter = (uri: string, text: string, findings: Finding[]) => { shown: Finding[]; hidden: Finding[] };

/** Latest findings per document URI: what diagnostics, code actions and hovers agree on. */
export class AnalysisCache {
	private readonly map = new Map<string, CachedAnalysis>();
	private seq = 0;
	/** Applied to every entry stored, so every path (open files, workspace scan, project refresh) hides the same findings. */
	filter: FindingFilter | undefined;
	private generation = 0;

	/**
	 * What an analysis depends on besides the text changed (settings, project facts, advisories):
	 * entries computed before are kept for code actions and hovers until re-analysed, but a pull
	 * for the same document version no longer reuses them.
	 */
	invalidate(): void {
		this.generation++;
	}

	/** The current generation: an analysis notes it when it starts and stores its result with it. */
	get currentGeneration(): number {
		return this.generation;
	}

	/** Whether `entry` was computed for the current settings and project facts. */
	isCurrent(entry: CachedAnalysis): boolean {
		return entry.generation === this.generation;
	}

	/**
	 * `settings`: the file's settings; with `mobsec.baseline.show` on, nothing is hidden.
	 * `incomplete`: why the analysis is incomplete (failed or stopped at a limit), when it is.
	 */
	set(uri: string, version: number | null, text: string, findings: Finding[], settings?: Pick<MobsecSettings, 'baseline'>, incomplete?: string, generation = this.generation): CachedAnalysis {
		const split = this.filter && settings?.baseline?.show !== true ? this.filter(uri, text, findings) : { shown: findings, hidden: [] };
		const entry: CachedAnalysis = { version, text, findings: split.shown, hidden: split.hidden, resultId: String(++this.seq), generation };
		if (incomplete) entry.incomplete = incomplete;
		this.count(this.map.get(uri), -1);
		this.map.set(uri, entry);
		this.count(entry, 1);
		return entry;
	}
	get(uri: string): CachedAnalysis | undefined {
		return this.map.get(uri);
	}
	delete(uri: string): void {
		this.count(this.map.get(uri), -1);
		this.map.delete(uri);
	}
	entries(): IterableIterator<[string, CachedAnalysis]> {
		return this.map.entries();
	}

	/*
	 * The totals the status item shows, kept as entries come and go (entries are never changed once
	 * stored): the server publishes them after every keystroke's analysis, and after a Scan Workspace the
	 * cache holds an entry per file of the workspace (thousands), which each total summed again.
	 */
	private findingsTotal = 0;
	private hiddenTotal = 0;
	private incompleteTotal = 0;

	private count(entry: CachedAnalysis | undefined, sign: 1 | -1): void {
		if (!entry) return;
		this.findingsTotal += sign * entry.findings.length;
		this.hiddenTotal += sign * entry.hidden.length;
		if (entry.incomplete) this.incompleteTotal += sign;
	}

	totalFindings(): number {
		return this.findingsTotal;
	}
	totalHidden(): number {
		return this.hiddenTotal;
	}
	/** Files whose last analysis is incomplete (failed or stopped at a limit). */
	incompleteCount(): number {
		return this.incompleteTotal;
	}
}
