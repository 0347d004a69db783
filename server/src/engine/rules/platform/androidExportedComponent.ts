import type { Fix, Rule, RuleContext } from '../../types';
import { componentClass, MergedComponent, ReleaseView } from '../../project/android/merge';
import type { ComponentDecl } from '../../project/android/manifest';
import type { ClassFacts } from '../../project/android/componentCode';
import { replace } from '../shared/edits';
import { componentClassName, componentKey, manifestRelease, ManifestRelease, mergedComponent } from '../shared/releaseManifest';

/**
 * `android-exported-component-unprotected` (catalog: Android config). An
 * activity, service, receiver or provider other apps can start, bind or query
 * (exported explicitly, or through an intent filter with no explicit value)
 * and no permission guards it. Read from the merged release manifest: a
 * library's exported receiver is the app's, a `tools:node="remove"` or an
 * overriding `exported="false"` in the app counts, debug manifests and
 * test-only modules do not. Reported on the declaration that makes it exported.
 *
 * Severity follows what the component is and what its class does (read from
 * its own file through the project model): a provider, or a receiver / service
 * whose class reads the user's stored credentials or sends authenticated API
 * requests, is an error (any app can make it act as the user); an exported
 * component with nothing to receive from other apps is a warning; an activity
 * that exists to receive public intents (share targets, `SENDTO mailto:`) is
 * information, since exporting it is its purpose.
 */

const LAUNCHER = /^android\.intent\.category\.(LAUNCHER|LEANBACK_LAUNCHER|HOME|INFO|CAR_LAUNCHER)$/;
/** Broadcasts only the system may send (a receiver that accepts nothing else cannot be spoofed). */
const PROTECTED_BROADCASTS = new Set([
	'android.intent.action.BOOT_COMPLETED', 'android.intent.action.LOCKED_BOOT_COMPLETED', 'android.intent.action.QUICKBOOT_POWERON', 'android.intent.action.MY_PACKAGE_REPLACED', 'android.intent.action.MY_PACKAGE_SUSPENDED', 'android.intent.action.MY_PACKAGE_UNSUSPENDED',
	'android.intent.action.PACKAGE_ADDED', 'android.intent.action.PACKAGE_REMOVED', 'android.intent.action.PACKAGE_REPLACED', 'android.intent.action.PACKAGE_CHANGED', 'android.intent.action.PACKAGE_FULLY_REMOVED', 'android.intent.action.PACKAGE_DATA_CLEARED',
	'android.intent.action.LOCALE_CHANGED', 'android.intent.action.TIMEZONE_CHANGED', 'android.intent.action.TIME_SET', 'android.intent.action.DATE_CHANGED', 'android.intent.action.TIME_TICK', 'android.intent.action.CONFIGURATION_CHANGED',
	'android.intent.action.ACTION_POWER_CONNECTED', 'android.intent.action.ACTION_POWER_DISCONNECTED', 'android.intent.action.BATTERY_LOW', 'android.intent.action.BATTERY_OKAY', 'android.intent.action.BATTERY_CHANGED', 'android.intent.action.ACTION_SHUTDOWN', 'android.intent.action.REBOOT',
	'android.intent.action.SCREEN_ON', 'android.intent.action.SCREEN_OFF', 'android.intent.action.USER_PRESENT', 'android.intent.action.USER_UNLOCKED', 'android.intent.action.AIRPLANE_MODE', 'android.intent.action.HEADSET_PLUG', 'android.intent.action.DOWNLOAD_COMPLETE',
	'android.intent.action.NEW_OUTGOING_CALL', 'android.intent.action.PHONE_STATE', 'android.intent.action.UID_REMOVED', 'android.intent.action.APPLICATION_RESTRICTIONS_CHANGED', 'android.intent.action.DEVICE_STORAGE_LOW', 'android.intent.action.DEVICE_STORAGE_OK',
	'android.app.action.SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED', 'android.app.action.NOTIFICATION_POLICY_ACCESS_GRANTED_CHANGED', 'android.app.action.DEVICE_ADMIN_ENABLED', 'android.app.action.DEVICE_ADMIN_DISABLED',
	'android.appwidget.action.APPWIDGET_UPDATE', 'android.appwidget.action.APPWIDGET_ENABLED', 'android.appwidget.action.APPWIDGET_DISABLED', 'android.appwidget.action.APPWIDGET_DELETED', 'android.appwidget.action.APPWIDGET_OPTIONS_CHANGED', 'android.appwidget.action.APPWIDGET_RESTORED',
	'android.net.conn.CONNECTIVITY_CHANGE', 'android.net.wifi.STATE_CHANGE', 'android.net.wifi.WIFI_STATE_CHANGED', 'android.bluetooth.adapter.action.STATE_CHANGED', 'android.bluetooth.device.action.ACL_CONNECTED', 'android.bluetooth.device.action.ACL_DISCONNECTED',
	'android.provider.Telephony.SMS_RECEIVED', 'android.provider.Telephony.SMS_DELIVER', 'android.provider.Telephony.WAP_PUSH_DELIVER', 'android.provider.Telephony.WAP_PUSH_RECEIVED', 'com.google.android.gms.auth.api.phone.SMS_RETRIEVED',
	'android.intent.action.EXTERNAL_APPLICATIONS_AVAILABLE', 'android.intent.action.EXTERNAL_APPLICATIONS_UNAVAILABLE', 'android.intent.action.MEDIA_MOUNTED', 'android.intent.action.MEDIA_UNMOUNTED',
	// Not protected, but what a spoofed one can do is press play / pause (media session receivers).
	'android.intent.action.MEDIA_BUTTON',
]);
/** Actions whose whole point is to be sent by other apps (share targets, pickers, mailto:, widgets' configure screens). */
const PUBLIC_ACTIONS = /^android\.intent\.action\.(SEND|SEND_MULTIPLE|SENDTO|VIEW|EDIT|INSERT|PICK|GET_CONTENT|OPEN_DOCUMENT|CREATE_DOCUMENT|CREATE_SHORTCUT|SEARCH|WEB_SEARCH|PROCESS_TEXT|DIAL|CALL|ANSWER|ASSIST|VOICE_COMMAND|APPLICATION_PREFERENCES|MANAGE_NETWORK_USAGE|SET_WALLPAPER|ATTACH_DATA|CHOOSER|INSERT_OR_EDIT)$|^android\.appwidget\.action\.APPWIDGET_CONFIGURE$|^android\.nfc\.action\.(NDEF|TECH|TAG)_DISCOVERED$|^android\.service\.chooser\.|^android\.media\.action\.|^android\.provider\.MediaStore\.|^android\.settings\./;
/** System permissions that only the platform (or a privileged app) holds. */
const SYSTEM_PERMISSION = /^android\.permission\.(BIND_\w+|BROADCAST_\w+|ACCOUNT_MANAGER|INSTALL_PACKAGES|DUMP|REBOOT|STATUS_BAR_SERVICE|RECEIVE_BOOT_COMPLETED)$|^com\.google\.android\.c2dm\.permission\.SEND$|^com\.google\.android\.gms\.auth\.api\.phone\.permission\.SEND$/;
const STRONG_LEVEL = /\b(signature|signatureOrSystem|knownSigner|internal|privileged)\b/;

type Protection = { protected: true; how: string } | { protected: false; weak?: string };

export function protection(view: ReleaseView, c: MergedComponent, ownPermissions: Map<string, string | undefined>): Protection {
	const names = c.type === 'provider' ? ['permission', 'readPermission', 'writePermission'] : ['permission'];
	const perms = names.map((n) => c.attrs[n]?.value).filter((v): v is string => !!v && v.trim() !== '');
	if (perms.length === 0) return { protected: false };
	// Providers: read and write must both be guarded (permission covers both).
	if (c.type === 'provider' && !c.attrs.permission && !(c.attrs.readPermission && c.attrs.writePermission)) {
		return { protected: false, weak: `only ${c.attrs.readPermission ? 'reads' : 'writes'} are guarded by a permission` };
	}
	for (const p of perms) {
		if (SYSTEM_PERMISSION.test(p)) continue;
		const level = ownPermissions.has(p) ? ownPermissions.get(p) : view.permissions.get(p)?.protectionLevel;
		const declared = ownPermissions.has(p) || view.permissions.has(p);
		if (!declared) continue; // declared elsewhere (a system or partner permission): trust it
		if (!level || !STRONG_LEVEL.test(level)) return { protected: false, weak: `${p} is declared with protectionLevel "${level ?? 'normal'}", which any app can request` };
	}
	return { protected: true, how: perms.join(', ') };
}

/** Why the component is exported and where (the declaration this file makes), or undefined when it is not exported. */
export function exportedBy(c: MergedComponent, targetSdk: number | undefined): { explicit: boolean } | undefined {
	const v = c.attrs.exported?.value.trim();
	if (v === 'true') return { explicit: true };
	if (v !== undefined) return undefined; // "false" or an unresolved placeholder
	// No explicit value: an intent filter exports it (build error from targetSdk 31 on; providers are not exported by default since 17).
	if (c.type === 'provider' || c.filters.length === 0) return undefined;
	if (targetSdk !== undefined && targetSdk >= 31) return undefined;
	return { explicit: false };
}

type Role = 'launcher' | 'deeplink-only' | 'system-broadcast' | 'public' | 'internal';

function role(c: MergedComponent): Role {
	if (c.type === 'activity' || c.type === 'activity-alias') {
		if (c.filters.some((f) => f.actions.includes('android.intent.action.MAIN') && f.categories.some((x) => LAUNCHER.test(x)))) return 'launcher';
		if (c.filters.length > 0 && c.filters.every((f) => f.actions.includes('android.intent.action.VIEW') && f.categories.includes('android.intent.category.BROWSABLE'))) return 'deeplink-only';
	}
	if (c.type === 'receiver' && c.filters.length > 0 && c.filters.every((f) => f.actions.length > 0 && f.actions.every((a) => PROTECTED_BROADCASTS.has(a)))) return 'system-broadcast';
	if ((c.type === 'activity' || c.type === 'activity-alias') && c.filters.some((f) => f.actions.some((a) => PUBLIC_ACTIONS.test(a)))) return 'public';
	return 'internal';
}

/** The declaration in this file whose attribute (or, when implicit, whose element) makes the component exported. */
function reportsHere(mr: ManifestRelease, c: MergedComponent): boolean {
	if (c.attrs.exported) return c.attrs.exported.file === mr.rel;
	return c.declarations[0]?.file === mr.rel;
}

const KIND_WORD: Record<string, string> = { activity: 'activity', 'activity-alias': 'activity alias', service: 'service', receiver: 'broadcast receiver', provider: 'content provider' };

function actsAsUser(cls: ClassFacts | undefined): { what: string; line: number } | undefined {
	if (!cls || cls.callerCheck) return undefined;
	if (cls.credentials) return { what: cls.credentials.what + (cls.api ? ` and sends HTTP requests with ${cls.api.what}` : ''), line: cls.credentials.line };
	if (cls.api && cls.authHeader) return { what: `${cls.authHeader.what} on HTTP requests sent with ${cls.api.what}`, line: cls.authHeader.line };
	return undefined;
}

function fixes(ctx: RuleContext, decl: ComponentDecl, c: MergedComponent, mr: ManifestRelease): Fix[] {
	const out: Fix[] = [];
	const exp = decl.attrs.exported;
	if (c.filters.length === 0 && exp) {
		out.push({ title: 'Set android:exported="false"', preferred: true, edits: [replace(ctx, exp.valueStart, exp.valueEnd, 'false')] });
	}
	// A signature permission keeps the component reachable from the team's own apps only.
	const perm = '${applicationId}.permission.INTERNAL';
	const text = ctx.file.text;
	const appStart = mr.own.application?.start;
	if (appStart !== undefined && !decl.attrs.permission) {
		const edits = [replace(ctx, decl.nameEnd, decl.nameEnd, ` android:permission="${perm}"`)];
		if (!mr.own.permissions.some((p) => p.name === perm)) {
			const ls = text.lastIndexOf('\n', appStart - 1) + 1;
			const indent = /^[ \t]*/.exec(text.slice(ls, appStart))![0];
			edits.unshift(replace(ctx, appStart, appStart, `<permission android:name="${perm}" android:protectionLevel="signature" />\n${indent}`));
		}
		out.push({ title: 'Require a signature permission (only apps signed with your key)', edits });
	}
	return out;
}

export const androidExportedComponent: Rule = {
	meta: {
		id: 'android-exported-component-unprotected',
		title: 'Exported Android component without a permission',
		severity: 'warning',
		sections: ['REVIEW', 'THREAT'],
		masvs: ['MASVS-PLATFORM-1', 'MASWE-0062', 'MASWE-0063', 'MASWE-0064', 'MASWE-0066'],
		kinds: ['android-manifest'],
		modelParts: ['build'],
		triggers: ['exported', '<intent-filter'],
		why: 'Any app on the device can start an exported activity, bind to or start an exported service, send to an exported receiver or query an exported provider. Without a permission the component must treat every caller as hostile; one that acts with the user\'s stored session (posting, syncing, replying) lets another app act as the user.',
		fix: 'Set android:exported="false" when only the app itself (or its own PendingIntents) uses the component; otherwise require a permission with protectionLevel="signature", or check the caller in code, and validate everything the intent carries.',
	},
	check(ctx) {
		const mr = manifestRelease(ctx);
		if (!mr || !mr.context.release) return;
		const ownPermissions = new Map(mr.own.permissions.map((p) => [p.name, p.protectionLevel] as const));
		for (const decl of mr.own.components) {
			const key = componentKey(mr, decl.name);
			const found = mergedComponent(mr, key);
			if (!found) continue;
			const { view, component: c } = found;
			const exported = exportedBy(c, view.targetSdk ?? ctx.project.androidTargetSdk);
			if (!exported || !reportsHere(mr, c)) continue;
			const r = role(c);
			// The launcher, deep links (android-deeplink-unverified), system-only broadcasts; a share target, a
			// mailto: composer, a widget's configure screen: exported because other apps must reach it. The permission fix would break it; what it does with the intent is a value-flow question
			// (file names, URIs), not a manifest one.
			if (r === 'launcher' || r === 'deeplink-only' || r === 'system-broadcast' || r === 'public') continue;
			const prot = protection(view, c, ownPermissions);
			if (prot.protected) continue;
			const cls = componentClass(ctx.project.android, componentClassName(ctx, mr, decl.name));
			// A class that checks its caller (calling package / UID / signature) is protected in code.
			if (cls?.callerCheck) continue;
			const kind = KIND_WORD[c.type]!;
			const how = exported.explicit ? 'android:exported="true"' : 'through an intent filter without android:exported, the default below targetSdk 31';
			const guard = prot.weak ? `its permission does not protect it (${prot.weak})` : 'no permission guards it';
			const at = exported.explicit && decl.attrs.exported ? decl.attrs.exported : undefined;
			const span = at ? { start: at.start, end: at.end } : { start: decl.nameStart, end: decl.nameEnd };
			const lintIgnored = (c.declarations.find((d) => d.file === mr.rel)?.ignore ?? []).some((i) => /^(Exported\w*|All)$/.test(i));
			const acts = c.type === 'receiver' || c.type === 'service' || c.type === 'provider' ? actsAsUser(cls) : undefined;
			if (acts && cls) {
				ctx.report({
					...span,
					severity: 'error',
					message: `The ${kind} ${key} is exported (${how}) and ${guard}, and its class ${acts.what} (${cls.file.slice(cls.file.lastIndexOf('/') + 1)}:${acts.line + 1}): any app on the device can make it act with the user's stored credentials. Set android:exported="false" if only the app's own notifications / PendingIntents use it, or require a signature permission.`,
					fixes: fixes(ctx, decl, c, mr),
				});
				continue;
			}
			if (c.type === 'provider') {
				const can = /only reads/.test(prot.weak ?? '') ? 'write to' : /only writes/.test(prot.weak ?? '') ? 'read' : 'query, read and write';
				ctx.report({
					...span,
					severity: lintIgnored ? 'warning' : 'error',
					message: `The content provider ${key} is exported (${how}) and ${guard}: any app can ${can} its data.${lintIgnored ? " (Android Lint's ExportedContentProvider is suppressed here; a suppression is not a protection.)" : ''} Set android:exported="false" (share single files with FileProvider and grantUriPermissions), require a signature permission, or check the caller in code.`,
					fixes: fixes(ctx, decl, c, mr),
				});
				continue;
			}
			const purpose = c.filters.length === 0 ? 'nothing in its manifest says other apps need it' : `its intent filters (${[...new Set(c.filters.flatMap((f) => f.actions))].slice(0, 3).join(', ') || 'no actions'}) are the app's own`;
			const verb = c.type === 'service' ? 'start or bind to' : c.type === 'receiver' ? 'send broadcasts to' : 'start';
			ctx.report({
				...span,
				severity: lintIgnored ? 'info' : 'warning',
				message: `The ${kind} ${key} is exported (${how}) and ${guard}, and ${purpose}: any app can ${verb} it.${cls?.api ? ` Its class sends HTTP requests with ${cls.api.what}.` : ''} Set android:exported="false" if only the app uses it, or require a signature permission.`,
				fixes: fixes(ctx, decl, c, mr),
			});
		}
	},
};
