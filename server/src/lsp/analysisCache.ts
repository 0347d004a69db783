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
}

/** Splits a file's findings into shown and hidden (the baseline); installed by the server. */
export type FindingFilter = (uri: string, text: string, findings: Finding[]) => { shown: Finding[]; hidden: Finding[] };

/** Latest findings per document URI: what diagnostics, code actions and hovers agree on. */
export class AnalysisCache {
	private readonly map = new Map<string, CachedAnalysis>();
	private seq = 0;
	/** Applied to every entry stored, so every path (open files, workspace scan, project refresh) hides the same findings. */
	filter: FindingFilter | undefined;

	/** `settings`: the file's settings; with `mobsec.baseline.show` on, nothing is hidden. */
	set(uri: string, version: number | null, text: string, findings: Finding[], settings?: Pick<MobsecSettings, 'baseline'>): CachedAnalysis {
		const split = this.filter && settings?.baseline?.show !== true ? this.filter(uri, text, findings) : { shown: findings, hidden: [] };
		const entry = { version, text, findings: split.shown, hidden: split.hidden, resultId: String(++this.seq) };
		this.map.set(uri, entry);
		return entry;
	}
	get(uri: string): CachedAnalysis | undefined {
		return this.map.get(uri);
	}
	delete(uri: string): void {
		this.map.delete(uri);
	}
	entries(): IterableIterator<[string, CachedAnalysis]> {
		return this.map.entries();
	}
	totalFindings(): number {
		let n = 0;
		for (const e of this.map.values()) n += e.findings.length;
		return n;
	}
	totalHidden(): number {
		let n = 0;
		for (const e of this.map.values()) n += e.hidden.length;
		return n;
	}
}
