import type { Rule, RuleContext } from '../../types';
import { androidAttr, walk, type XmlElement } from '../../parse/xml';
import type { JsonNode } from '../../parse/json';
import { replace } from '../shared/edits';
import { manifestRelease } from '../shared/releaseManifest';

const SENSITIVE_DOMAINS = ['sharedpref', 'database', 'file'];

function checkManifest(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	// Debug manifests are merged into debug builds only.
	if (!root || ctx.file.isDebugSource) return;
	// The release app's merged manifest decides (project/android/merge.ts): a manifest that is not in a
	// release app (a debug or test source set, a module only tests use) says nothing about its backups,
	// and where another manifest of the app sets allowBackup (or the backup rules), that one counts —
	// e.g. an app module without the attribute whose library sets allowBackup="false".
	const mr = manifestRelease(ctx);
	if (mr && !mr.context.release) return;
	if (mr?.context.release) {
		const decidedElsewhere = mr.context.views.every((v) => {
			const a = v.application.allowBackup;
			if (a) return a.file !== mr.rel;
			const rules = v.application.dataExtractionRules ?? v.application.fullBackupContent;
			return rules !== undefined && rules.file !== mr.rel;
		});
		if (decidedElsewhere) return;
	}
	for (const el of walk(root)) {
		if (el.name !== 'application') continue;
		const allow = androidAttr(el, 'allowBackup');
		if (allow && allow.value.trim() === 'false') continue;
		if (allow && /^\$\{|^@/.test(allow.value.trim())) continue;
		// Rules files decide what is backed up; their content is checked where they are.
		if (androidAttr(el, 'dataExtractionRules') || androidAttr(el, 'fullBackupContent')) continue;
		// An absence is only evidence in a manifest that parses: a half-typed one may have lost attributes.
		if (!allow && (ctx.xml?.errors ?? 0) > 0) continue;
		// Library modules rarely set it (the app manifest decides after merging): an absence only counts
		// in an app manifest — one with a custom Application class or a launcher activity.
		if (!allow && !androidAttr(el, 'name') && !/android\.intent\.action\.MAIN/.test(ctx.file.text)) continue;
		const fix = allow
			? { title: 'Set android:allowBackup="false"', preferred: true, edits: [replace(ctx, allow.valueStart, allow.valueEnd, 'false')] }
			: { title: 'Add android:allowBackup="false"', preferred: true, edits: [replace(ctx, el.nameEnd, el.nameEnd, ' android:allowBackup="false"')] };
		ctx.report({
			// Raised to medium under the L2 (banking / health) profile.
			severity: ctx.settings?.profile === 'L2' ? 'warning' : 'info',
			start: allow ? allow.start : el.nameStart,
			end: allow ? allow.end : el.nameEnd,
			message: `${allow ? 'android:allowBackup="true"' : 'android:allowBackup is not set (it defaults to true)'} and there are no data-extraction / full-backup rules: SharedPreferences, databases and files (tokens included) go into cloud backups and device-to-device transfers. Set allowBackup="false" or add android:dataExtractionRules that exclude them.`,
			fixes: [fix],
		});
	}
}

/** `<data-extraction-rules>` / `<full-backup-content>` that do not exclude the secret-holding domains. */
function checkRulesFile(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	if (!root) return;
	const excludes = (el: XmlElement): Set<string> =>
		new Set(el.children.filter((c) => c.name === 'exclude').map((c) => c.attrs.find((a) => a.local === 'domain')?.value ?? ''));
	const report = (el: XmlElement, what: string): void => {
		ctx.report({
			start: el.nameStart,
			end: el.nameEnd,
			message: `<${el.name}> ${what}, so SharedPreferences, databases and files holding tokens are copied off the device. Exclude the sharedpref, database and file domains that hold secrets (or include only what is safe).`,
		});
	};
	if (root.name === 'data-extraction-rules') {
		for (const section of root.children) {
			if (section.name !== 'cloud-backup' && section.name !== 'device-transfer') continue;
			const includes = section.children.filter((c) => c.name === 'include');
			if (includes.length > 0 && includes.every((i) => !SENSITIVE_DOMAINS.includes(i.attrs.find((a) => a.local === 'domain')?.value ?? '') && i.attrs.find((a) => a.local === 'domain')?.value !== 'root')) continue;
			const ex = excludes(section);
			if (ex.has('root') || SENSITIVE_DOMAINS.some((d) => ex.has(d))) continue;
			report(section, includes.length > 0 ? 'includes the sensitive domains without excluding any of them' : 'backs up everything (no <exclude>)');
		}
	} else if (root.name === 'full-backup-content') {
		const ex = excludes(root);
		const includes = root.children.filter((c) => c.name === 'include');
		if (includes.length > 0 && includes.every((i) => !SENSITIVE_DOMAINS.includes(i.attrs.find((a) => a.local === 'domain')?.value ?? ''))) return;
		if (ex.has('root') || SENSITIVE_DOMAINS.some((d) => ex.has(d))) return;
		report(root, 'backs up everything (no <exclude>)');
	}
}

function prop(obj: JsonNode | undefined, key: string): { keyNode: JsonNode; value: JsonNode } | undefined {
	for (const p of obj?.children ?? []) {
		if (p.type === 'property' && p.children?.[0]?.value === key && p.children[1]) return { keyNode: p.children[0], value: p.children[1] };
	}
	return undefined;
}

function checkExpoConfig(ctx: RuleContext): void {
	const root = ctx.json?.root;
	const expo = prop(root, 'expo')?.value ?? root;
	const android = prop(expo, 'android');
	if (!android || android.value.type !== 'object') return;
	const allow = prop(android.value, 'allowBackup');
	if (allow && allow.value.value === false) return;
	if (allow && allow.value.value !== true) return;
	const text = ctx.file.text;
	if (allow) {
		ctx.report({
			start: allow.keyNode.offset,
			end: allow.value.offset + allow.value.length,
			message: '"allowBackup": true lets Android copy SharedPreferences, databases and files (tokens included) into cloud backups and device transfers. Set it to false.',
			fixes: [{ title: 'Set "allowBackup": false', preferred: true, edits: [replace(ctx, allow.value.offset, allow.value.offset + allow.value.length, 'false')] }],
		});
		return;
	}
	// Insert as the first property of "android", with that object's indentation.
	const open = android.value.offset + 1;
	const first = android.value.children?.[0];
	let fixText = ' "allowBackup": false,';
	if (first) {
		const ls = text.lastIndexOf('\n', first.offset - 1) + 1;
		const indent = text.slice(ls, first.offset);
		fixText = /^\s*$/.test(indent) && ls > open ? `\n${indent}"allowBackup": false,` : ' "allowBackup": false,';
	} else fixText = ' "allowBackup": false ';
	ctx.report({
		start: android.keyNode.offset,
		end: android.keyNode.offset + android.keyNode.length,
		message: 'expo.android.allowBackup is not set, and Expo defaults it to true: SharedPreferences, databases and files (tokens included) go into cloud backups and device transfers. Set "allowBackup": false.',
		fixes: [{ title: 'Add "allowBackup": false', preferred: true, edits: [replace(ctx, open, open, fixText)] }],
	});
}

export const androidAllowBackup: Rule = {
	meta: {
		id: 'android-allow-backup',
		title: 'App data included in Android backups',
		severity: 'info',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-2', 'MASWE-0004'],
		kinds: ['android-manifest', 'android-res-xml', 'expo-config'],
		modelParts: ['build'],
		triggers: ['<application', 'data-extraction-rules', 'full-backup-content', '"android"'],
		why: 'With backups allowed and no exclusion rules, Android copies SharedPreferences, databases and internal files — tokens and cached personal data included — into Google Drive backups and device-to-device transfers, from where they can be restored onto another device.',
		fix: 'Set android:allowBackup="false" (app.json: "allowBackup": false), or add android:dataExtractionRules (API 31+) and android:fullBackupContent that exclude the sharedpref, database and file domains holding secrets for both cloud-backup and device-transfer.',
	},
	check(ctx) {
		switch (ctx.file.kind) {
			case 'android-manifest':
				return checkManifest(ctx);
			case 'android-res-xml':
				return checkRulesFile(ctx);
			case 'expo-config':
				return checkExpoConfig(ctx);
		}
	},
};
