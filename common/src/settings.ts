import { isRuleLevel, RuleLevel } from './severity';

/**
 * Settings contract, declared once. The JSON schema in package.json
 * `contributes.configuration` mirrors this type; `normalizeSettings` is the
 * only place defaults live, and it turns whatever the user typed into a
 * valid value plus a list of problems to report (never a throw).
 */
export interface MobsecSettings {
	enable: boolean;
	run: 'onType' | 'onSave';
	/** ruleId (or a glob such as `ios-*`) -> level; `off` disables. */
	rules: Record<string, RuleLevel>;
	include: string[];
	exclude: string[];
	/** Bytes; larger files are skipped with a reason. */
	maxFileSize: number;
	/** Also analyse code that does not ship: tests, examples, developer tooling (excluded by default, as the catalog says; engine/classify/). */
	includeTests: boolean;
	/** Advisory sources of the dependency rules: a folder of OSV JSON files, and the opt-in OSV API (off by default). */
	advisories?: { localPath: string; online: boolean };
	/** Password policy floor used by `password-policy-weak` (NIST SP 800-63B-4: 8, or 15 when the password is the only factor). */
	passwordPolicy?: { minLength: number };
	/** Security profile: L1 (default) or L2 (banking/health: pinning findings and other L2 controls raised). */
	profile?: 'L1' | 'L2';
	/** Domains the team operates (first-party API hosts for the pinning analysis), e.g. `shopfast.example`. */
	firstPartyDomains?: string[];
	/** Release checklist: where the team's sign-offs live, relative to the (first) workspace folder. */
	checklist?: { path: string };
	/** Findings recorded in `.mobsec/baseline.json`: hidden unless `show` (one person's view; not a project config key). */
	baseline?: { show: boolean };
	/** Scan Workspace (`mobsec.scan.jobs`; the CLI's `--jobs`): worker threads, 0 = the machine's available parallelism (one person's machine; not a project config key). */
	scan?: { jobs: number };
	/**
	 * The `rules` of each layer that set any, lowest first (`layerSettings`):
	 * a higher layer's match wins, whatever its specificity, and the hover
	 * says which layer and pattern set a rule's level. Absent when the
	 * settings came from one source (`normalizeSettings`).
	 */
	ruleLayers?: RuleLayer[];
}

/** Where a value came from: `.mobsec/config.json`, one person's VS Code settings, or the command line. */
export type SettingsSource = 'config' | 'editor' | 'cli';

/** One source of settings: a partial settings object (keys as in MobsecSettings). */
export interface SettingsLayer {
	source: SettingsSource;
	/** For `config`: the file as messages show it. */
	file?: string;
	values: unknown;
}

export interface RuleLayer {
	source: SettingsSource;
	file?: string;
	rules: Record<string, RuleLevel>;
}

/** Worker threads for a scan: `mobsec.scan.jobs` / `--jobs`, where 0 (the default) means every available core. */
export function scanJobs(settings: Pick<MobsecSettings, 'scan'>, available: number): number {
	const j = settings.scan?.jobs ?? 0;
	return j > 0 ? j : Math.max(1, available);
}

export const DEFAULT_SETTINGS: Readonly<MobsecSettings> = Object.freeze({
	enable: true,
	run: 'onType',
	rules: {},
	include: [],
	exclude: [],
	maxFileSize: 1_000_000,
	includeTests: false,
	advisories: Object.freeze({ localPath: '', online: false }),
	passwordPolicy: Object.freeze({ minLength: 8 }),
	profile: 'L1',
	firstPartyDomains: [],
	checklist: Object.freeze({ path: '.mobsec/checklist.json' }),
	baseline: Object.freeze({ show: false }),
	scan: Object.freeze({ jobs: 0 }),
});

export interface NormalizedSettings {
	settings: MobsecSettings;
	/** Human-readable problems, e.g. "mobsec.maxFileSize must be a positive number; using 1000000". */
	problems: string[];
}

function stringArray(v: unknown, name: string, problems: string[]): string[] {
	if (v === undefined || v === null) return [];
	if (!Array.isArray(v)) {
		problems.push(`mobsec.${name} must be an array of glob strings; ignoring it`);
		return [];
	}
	const out: string[] = [];
	for (const item of v) {
		if (typeof item === 'string' && item.trim() !== '') out.push(item.trim());
		else problems.push(`mobsec.${name} contains a non-string entry; ignoring it`);
	}
	return out;
}

export function normalizeSettings(raw: unknown): NormalizedSettings {
	const problems: string[] = [];
	const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	if (raw !== undefined && raw !== null && typeof raw !== 'object') {
		problems.push('mobsec settings must be an object; using defaults');
	}
	const settings: MobsecSettings = { ...DEFAULT_SETTINGS, rules: {}, include: [], exclude: [] };

	if (r.enable !== undefined) {
		if (typeof r.enable === 'boolean') settings.enable = r.enable;
		else problems.push('mobsec.enable must be true or false; using true');
	}
	if (r.run !== undefined) {
		if (r.run === 'onType' || r.run === 'onSave') settings.run = r.run;
		else problems.push(`mobsec.run must be "onType" or "onSave"; using "onType"`);
	}
	if (r.rules !== undefined && r.rules !== null) {
		if (typeof r.rules !== 'object' || Array.isArray(r.rules)) {
			problems.push('mobsec.rules must be an object of rule id to level; ignoring it');
		} else {
			for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
				if (isRuleLevel(level)) settings.rules[id] = level;
				else problems.push(`mobsec.rules["${id}"] must be one of error, warning, info, hint, off; ignoring it`);
			}
		}
	}
	settings.include = stringArray(r.include, 'include', problems);
	settings.exclude = stringArray(r.exclude, 'exclude', problems);
	if (r.maxFileSize !== undefined) {
		if (typeof r.maxFileSize === 'number' && Number.isFinite(r.maxFileSize) && r.maxFileSize > 0) {
			settings.maxFileSize = Math.floor(r.maxFileSize);
		} else {
			problems.push(`mobsec.maxFileSize must be a positive number of bytes; using ${DEFAULT_SETTINGS.maxFileSize}`);
		}
	}
	if (r.includeTests !== undefined) {
		if (typeof r.includeTests === 'boolean') settings.includeTests = r.includeTests;
		else problems.push('mobsec.includeTests must be true or false; using false');
	}
	const pp = r.passwordPolicy as Record<string, unknown> | undefined;
	if (pp && typeof pp === 'object' && pp.minLength !== undefined) {
		if (typeof pp.minLength === 'number' && Number.isInteger(pp.minLength) && pp.minLength >= 1 && pp.minLength <= 128) settings.passwordPolicy = { minLength: pp.minLength };
		else problems.push('mobsec.passwordPolicy.minLength must be a whole number between 1 and 128; using 8');
	}
	if (r.profile !== undefined) {
		if (r.profile === 'L1' || r.profile === 'L2') settings.profile = r.profile;
		else problems.push('mobsec.profile must be "L1" or "L2"; using "L1"');
	}
	settings.firstPartyDomains = stringArray(r.firstPartyDomains, 'firstPartyDomains', problems).map((d) => d.toLowerCase().replace(/^\*?\./, ''));
	if (r.checklist !== undefined && r.checklist !== null) {
		const p = typeof r.checklist === 'object' ? (r.checklist as Record<string, unknown>).path : undefined;
		if (p === undefined) {
			/* mobsec.checklist without a path: keep the default */
		} else if (typeof p === 'string' && p.trim() !== '' && !/^([/\\]|[A-Za-z]:)/.test(p.trim()) && !p.split(/[/\\]/).includes('..')) {
			settings.checklist = { path: p.trim().replace(/\\/g, '/') };
		} else {
			problems.push(`mobsec.checklist.path must be a path inside the workspace folder (relative, no ".."); using "${DEFAULT_SETTINGS.checklist!.path}"`);
		}
	}
	if (r.baseline !== undefined && r.baseline !== null) {
		const show = typeof r.baseline === 'object' ? (r.baseline as Record<string, unknown>).show : undefined;
		if (typeof show === 'boolean') settings.baseline = { show };
		else if (show !== undefined) problems.push('mobsec.baseline.show must be true or false; using false');
	}
	if (r.scan !== undefined && r.scan !== null) {
		const jobs = typeof r.scan === 'object' ? (r.scan as Record<string, unknown>).jobs : undefined;
		if (typeof jobs === 'number' && Number.isInteger(jobs) && jobs >= 0) settings.scan = { jobs };
		else if (jobs !== undefined) problems.push('mobsec.scan.jobs must be a whole number (0: all cores); using 0');
	}
	if (r.advisories !== undefined && r.advisories !== null) {
		if (typeof r.advisories !== 'object' || Array.isArray(r.advisories)) {
			problems.push('mobsec.advisories must be an object with localPath and online; ignoring it');
		} else {
			const a = r.advisories as Record<string, unknown>;
			const out = { localPath: '', online: false };
			if (a.localPath !== undefined && a.localPath !== null) {
				if (typeof a.localPath === 'string') out.localPath = a.localPath.trim();
				else problems.push('mobsec.advisories.localPath must be a folder path; ignoring it');
			}
			if (a.online !== undefined) {
				if (typeof a.online === 'boolean') out.online = a.online;
				else problems.push('mobsec.advisories.online must be true or false; using false');
			}
			settings.advisories = out;
		}
	}
	return { settings, problems };
}

/** Keys whose object values merge entry by entry across layers (a layer changes what it names, keeps the rest). */
const MERGED_OBJECTS = new Set(['rules', 'passwordPolicy', 'advisories', 'checklist', 'baseline', 'scan']);

/**
 * Settings from layers, lowest first: the defaults, then `.mobsec/config.json`,
 * then one person's VS Code settings (editor) or the command-line flags (CLI).
 * A layer replaces what it sets, except that `rules` (and the small objects
 * `passwordPolicy`, `advisories`, …) merge entry by entry and `exclude` lists
 * add up (a flag or a setting cannot un-exclude what the team excluded).
 * Problems are those `normalizeSettings` finds in the merged values.
 */
export function layerSettings(layers: readonly SettingsLayer[]): NormalizedSettings {
	const merged: Record<string, unknown> = {};
	const problems: string[] = [];
	const ruleLayers: RuleLayer[] = [];
	for (const layer of layers) {
		if (layer.values === undefined || layer.values === null) continue;
		if (typeof layer.values !== 'object' || Array.isArray(layer.values)) {
			problems.push('mobsec settings must be an object; using defaults');
			continue;
		}
		const values = layer.values as Record<string, unknown>;
		for (const [key, v] of Object.entries(values)) {
			if (v === undefined) continue;
			const prev = merged[key];
			if (MERGED_OBJECTS.has(key) && v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)) {
				merged[key] = { ...(prev as object), ...(v as object) };
			} else if (key === 'exclude' && Array.isArray(v) && Array.isArray(prev)) {
				merged[key] = [...prev, ...v.filter((g) => !prev.includes(g))];
			} else {
				merged[key] = v;
			}
		}
		if (values.rules !== undefined) {
			const rules = normalizeSettings({ rules: values.rules }).settings.rules;
			if (Object.keys(rules).length > 0) ruleLayers.push({ source: layer.source, ...(layer.file ? { file: layer.file } : {}), rules });
		}
	}
	const n = normalizeSettings(merged);
	n.settings.ruleLayers = ruleLayers;
	return { settings: n.settings, problems: [...problems, ...n.problems] };
}

/** How a hover names the setting that gave a rule its level, e.g. `.mobsec/config.json rules['ios-*']`. */
export function describeRuleSetting(layer: Pick<RuleLayer, 'source' | 'file'>, pattern: string, level: RuleLevel): string {
	switch (layer.source) {
		case 'config':
			return `${layer.file ?? '.mobsec/config.json'} rules['${pattern}']`;
		case 'cli':
			return `--rule ${pattern}=${level}`;
		case 'editor':
			return `the VS Code setting mobsec.rules['${pattern}']`;
	}
}
