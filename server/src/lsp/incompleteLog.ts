/**
 * Logs a file whose analysis failed or stopped at a limit once per distinct reason (typing in a
 * broken file re-analyses it on every keystroke; the log should say it once, not per edit). Keeps
 * one entry per file, so it stays as small as the set of files.
 */
export class IncompleteLog {
	private readonly last = new Map<string, string>();

	constructor(private readonly log: (message: string) => void) {}

	/** Record the outcome of an analysis of `uri` (reason undefined: complete). */
	record(uri: string, label: string, reason: string | undefined, notes: readonly string[] = []): void {
		if (!reason) {
			this.last.delete(uri);
			return;
		}
		if (this.last.get(uri) === reason) return;
		this.last.set(uri, reason);
		this.log(`${label}: not analysed completely: ${reason}${notes.length ? ` (${notes.join('; ')})` : ''}`);
	}

	forget(uri: string): void {
		this.last.delete(uri);
	}
}
