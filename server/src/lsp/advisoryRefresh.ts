import type { MobsecSettings } from '../../../common/src/settings';
import type { DependencyInventory } from '../engine/dependencies/inventory';
import { prepareAdvisories, PrepareOptions } from '../engine/dependencies/sources';

/**
 * Keeps each workspace root's advisory database (bundled + mobsec.advisories.localPath
 * + opt-in online OSV answers) up to date, off the analysis path: `ensure` returns at
 * once; when a refresh finishes, `onUpdated` asks the client to pull diagnostics again.
 */
export class AdvisoryRefresher {
	private readonly state = new Map<string, { key: string; inv: DependencyInventory | undefined }>();

	constructor(
		private readonly log: (message: string) => void,
		private readonly onUpdated: () => void,
		private readonly options: PrepareOptions = {},
	) {}

	ensure(root: string, settings: MobsecSettings, inv: DependencyInventory | undefined): void {
		const a = settings.advisories ?? { localPath: '', online: false };
		const key = JSON.stringify(a);
		const prev = this.state.get(root);
		if (prev && prev.key === key && prev.inv === inv) return;
		this.state.set(root, { key, inv });
		if (inv && inv !== prev?.inv) for (const p of inv.problems) this.log(`Dependencies of ${root}: ${p}`);
		const quiet = !a.localPath && !a.online;
		const started = Date.now();
		prepareAdvisories(root, inv, a, this.options)
			.then(({ db, notes }) => {
				if (this.state.get(root)?.key !== key) return; // superseded
				if (!quiet) this.log(`Advisories for ${root}: ${db.size} records (${db.sources.join(', ')}) in ${Date.now() - started} ms${notes.length ? `; ${notes.join('; ')}` : ''}`);
				if (!quiet || prev) this.onUpdated();
			})
			.catch((e: unknown) => this.log(`Advisories for ${root} could not be prepared: ${(e as Error).message}`));
	}

	forget(root: string): void {
		this.state.delete(root);
	}
}
