import type { Connection } from 'vscode-languageserver/node';
import { layerSettings, type MobsecSettings, type SettingsLayer } from '../../../common/src/settings';

/**
 * Settings per resource, read through workspace/configuration and cached as
 * one promise per document until the configuration changes. The project's
 * `.mobsec/config.json` (`projectLayer`) lies under the VS Code settings:
 * defaults < config file < the person's settings (the client sends only the
 * settings a person set, so defaults do not hide the file's values).
 * Problems with the user's values are logged once per distinct message.
 */
export class SettingsCache {
	private readonly cache = new Map<string, Promise<MobsecSettings>>();
	private readonly reported = new Set<string>();

	constructor(
		private readonly connection: Connection,
		private readonly supportsConfiguration: () => boolean,
		private readonly projectLayer: (uri: string) => SettingsLayer | undefined = () => undefined,
	) {}

	get(uri: string): Promise<MobsecSettings> {
		let p = this.cache.get(uri);
		if (!p) {
			p = this.load(uri);
			this.cache.set(uri, p);
		}
		return p;
	}

	clear(): void {
		this.cache.clear();
	}

	delete(uri: string): void {
		this.cache.delete(uri);
	}

	private async load(uri: string): Promise<MobsecSettings> {
		let raw: unknown = undefined;
		if (this.supportsConfiguration()) {
			try {
				raw = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'mobsec' });
			} catch (e) {
				this.connection.console.error(`Could not read mobsec settings: ${(e as Error).message}`);
			}
		}
		const project = this.projectLayer(uri);
		const { settings, problems } = layerSettings([...(project ? [project] : []), { source: 'editor', values: raw }]);
		for (const p of problems) {
			if (this.reported.has(p)) continue;
			this.reported.add(p);
			this.connection.console.warn(`Settings: ${p}`);
			void this.connection.window.showWarningMessage(`MobSec: ${p}. See the MobSec output for details.`);
		}
		return settings;
	}
}
