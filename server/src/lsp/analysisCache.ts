import type { Finding } from '../engine/types';

export interface CachedAnalysis {
	/** Document version the findings belong to (null for files read from disk). */
	version: number | null;
	text: string;
	findings: Finding[];
	resultId: string;
}

/** Latest findings per document URI: what diagnostics, code actions and hovers agree on. */
export class AnalysisCache {
	private readonly map = new Map<string, CachedAnalysis>();
	private seq = 0;

	set(uri: string, version: number | null, text: string, findings: Finding[]): CachedAnalysis {
		const entry = { version, text, findings, resultId: String(++this.seq) };
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
}
