import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { vscodeStub } from './checklist.vscodeStub';
import { explicitSettings } from '../../client/src/explicitSettings';
import { layerSettings } from '../../common/src/settings';

/** getConfiguration('mobsec') of a person who set a few settings; `inspect` tells set from default. */
function fakeConfiguration(defaults: Record<string, unknown>, user: Record<string, unknown>, workspace: Record<string, unknown>) {
	return (section?: string) => {
		assert.equal(section, 'mobsec');
		return {
			get: (key: string) => workspace[key] ?? user[key] ?? defaults[key],
			inspect: (key: string) => (key in defaults ? { key, defaultValue: defaults[key], globalValue: user[key], workspaceValue: workspace[key] } : undefined),
		};
	};
}

test('the client sends only the settings a person set, so defaults never hide .mobsec/config.json', () => {
	const ws = vscodeStub.workspace as unknown as { getConfiguration: unknown };
	const saved = ws.getConfiguration;
	const defaults = { enable: true, rules: {}, exclude: [], profile: 'L1', 'passwordPolicy.minLength': 8, 'advisories.localPath': '', 'advisories.online': false };
	ws.getConfiguration = fakeConfiguration(defaults, { 'advisories.online': true }, { rules: { 'weak-hash': 'off' }, 'passwordPolicy.minLength': 12 });
	try {
		const keys = [...Object.keys(defaults).map((k) => `mobsec.${k}`), 'mobsec.unknownKey'];
		const sent = explicitSettings(undefined, keys);
		assert.deepEqual(sent, { rules: { 'weak-hash': 'off' }, passwordPolicy: { minLength: 12 }, advisories: { online: true } });
		// Layered over the team's file: the file's profile and exclude stand, the person's rule and policy win.
		const { settings } = layerSettings([
			{ source: 'config', values: { profile: 'L2', exclude: ['legacy/**'], rules: { 'weak-hash': 'error', 'ios-*': 'off' }, passwordPolicy: { minLength: 15 }, advisories: { localPath: '/osv' } } },
			{ source: 'editor', values: sent },
		]);
		assert.equal(settings.profile, 'L2');
		assert.deepEqual(settings.exclude, ['legacy/**']);
		assert.deepEqual(settings.rules, { 'weak-hash': 'off', 'ios-*': 'off' });
		assert.deepEqual(settings.passwordPolicy, { minLength: 12 });
		assert.deepEqual(settings.advisories, { localPath: '/osv', online: true });
	} finally {
		ws.getConfiguration = saved;
	}
});
