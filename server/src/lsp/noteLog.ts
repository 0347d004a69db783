/**
 * Logs an open document's analysis notes (syntax errors while typing, flow caps reached, a skip reason)
 * when they change, not on every edit. The same notes can come in another order from one keystroke to
 * the next (answers carried from the previous tree replay their notes where they are asked, fresh ones
 * note as they compute), so they are compared as a set: a 120 KB Java file with seven flow notes logged
 * all seven on every keystroke.
 */
export class NoteLog {
	private readonly last = new Map<string, string>();

	constructor(private readonly log: (message: string) => void) {}

	/** Record the notes of an analysis of `uri`; logs them (each prefixed with `label`) when the set differs from the last one logged. */
	record(uri: string, label: string, notes: readonly string[]): void {
		const key = [...new Set(notes)].sort().join('\n');
		if (key === (this.last.get(uri) ?? '')) return;
		this.last.set(uri, key);
		for (const n of notes) for (const line of n.split('\n')) this.log(`${label}: ${line}`);
	}

	forget(uri: string): void {
		this.last.delete(uri);
	}
}
