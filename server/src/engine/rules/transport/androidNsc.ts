import type { Fix, Rule, RuleContext } from '../../types';
import { attr, hasAncestor, walk, XmlElement, androidAttr } from '../../parse/xml';
import { deleteSpan, replace } from '../shared/edits';
import { PLACEHOLDER } from '../../project/workspaceFacts';
import { OPENSSL_SPKI } from '../../project/pinning';

function children(el: XmlElement, name: string): XmlElement[] {
	return el.children.filter((c) => c.name === name);
}

function lineIndent(text: string, offset: number): string {
	const ls = text.lastIndexOf('\n', offset - 1) + 1;
	return /^[ \t]*/.exec(text.slice(ls))![0];
}

/** Move a `<certificates src="user"/>` into `<debug-overrides>` (and keep system anchors where it was). */
function moveToDebugOverrides(ctx: RuleContext, root: XmlElement, cert: XmlElement): Fix {
	const text = ctx.file.text;
	const anchors = cert.parent!;
	const others = anchors.children.filter((c) => c !== cert && c.name === 'certificates');
	const edits = [];
	// An empty <trust-anchors> would trust nothing at all: keep the system store in its place.
	if (others.length === 0) edits.push(replace(ctx, cert.start, cert.end, '<certificates src="system" />'));
	else edits.push(deleteSpan(ctx, cert.start, cert.end));
	const debug = root.children.find((c) => c.name === 'debug-overrides');
	const debugAnchors = debug?.children.find((c) => c.name === 'trust-anchors');
	const already = debugAnchors?.children.some((c) => c.name === 'certificates' && attr(c, 'src')?.value === 'user');
	if (!already) {
		if (debugAnchors) {
			const close = text.lastIndexOf('</trust-anchors>', debugAnchors.end);
			const ind = lineIndent(text, debugAnchors.start);
			edits.push(replace(ctx, close, close, `    <certificates src="user" />\n${ind}`));
		} else if (debug) {
			const close = text.lastIndexOf('</debug-overrides>', debug.end);
			const ind = lineIndent(text, debug.start);
			edits.push(replace(ctx, close, close, `    <trust-anchors>\n${ind}        <certificates src="user" />\n${ind}    </trust-anchors>\n${ind}`));
		} else {
			const close = text.lastIndexOf('</network-security-config>');
			if (close >= 0) edits.push(replace(ctx, close, close, '    <debug-overrides>\n        <trust-anchors>\n            <certificates src="user" />\n        </trust-anchors>\n    </debug-overrides>\n'));
		}
	}
	return { title: 'Trust user-added CAs only in debug builds (<debug-overrides>)', preferred: true, edits };
}

export const androidNscUserCaTrusted: Rule = {
	meta: {
		id: 'android-nsc-user-ca-trusted',
		title: 'Network security config trusts user-installed CAs',
		severity: 'error',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0052', 'MASVS-NETWORK-2', 'MASWE-0047'],
		kinds: ['nsc'],
		triggers: ['src="user"', "src='user'", 'overridePins', '@raw/'],
		why: 'CAs the user (or malware, or an MDM profile someone was talked into) installs are trusted for release traffic, so a proxy CA can intercept it; overridePins="true" also makes pin-sets ignore such anchors.',
		fix: 'Move <certificates src="user"/> into <debug-overrides><trust-anchors> and remove overridePins="true".',
	},
	check(ctx) {
		const root = ctx.xml?.root;
		if (!root || ctx.file.isDebugSource) return;
		for (const el of walk(root)) {
			if (el.name !== 'certificates' || hasAncestor(el, 'debug-overrides')) continue;
			if (!hasAncestor(el, 'base-config') && !hasAncestor(el, 'domain-config')) continue;
			const src = attr(el, 'src');
			const override = attr(el, 'overridePins');
			if (src?.value === 'user') {
				const where = hasAncestor(el, 'base-config') ? 'every host (<base-config>)' : 'the hosts of this <domain-config>';
				ctx.report({ start: el.start, end: el.end, message: `User-installed CAs are trusted for ${where} in release builds: a proxy or malicious CA on the device can intercept the traffic. Trust them only in <debug-overrides>.`, fixes: [moveToDebugOverrides(ctx, root, el)] });
			} else if (override?.value === 'true') {
				ctx.report({ start: override.start, end: override.end, message: `overridePins="true" lets certificates from ${src?.value ?? 'these anchors'} bypass every <pin-set> silently.`, fixes: [{ title: 'Remove overridePins="true"', preferred: true, edits: [replace(ctx, override.start - (ctx.file.text[override.start - 1] === ' ' ? 1 : 0), override.end, '')] }] });
			} else if (src?.value.startsWith('@raw/')) {
				ctx.report({ start: src.start, end: src.end, severity: 'hint', message: `Bundled CA ${src.value} is trusted: make sure it is your private CA and not a debugging proxy's CA.` });
			}
		}
	},
};

function daysUntil(date: string): number | undefined {
	const t = Date.parse(date + 'T00:00:00Z');
	return Number.isNaN(t) ? undefined : Math.floor((t - Date.now()) / 86_400_000);
}

export const androidNscPinHygiene: Rule = {
	meta: {
		id: 'android-nsc-pin-hygiene',
		title: 'Network security config pin-set is brittle',
		severity: 'warning',
		sections: ['TRANSIT'],
		masvs: ['MASVS-NETWORK-2', 'MASWE-0047'],
		kinds: ['nsc'],
		triggers: ['<pin-set', '<pin '],
		why: 'A pin-set with one pin bricks the app when that key rotates; an expired pin-set silently stops pinning; non-SHA-256 digests are ignored; pins on a domain without includeSubdomains leave the subdomains the app calls unpinned.',
		fix: 'Keep at least two pins (current + a backup key kept offline), a future expiration, digest="SHA-256", and includeSubdomains where subdomains are called.',
	},
	check(ctx) {
		const root = ctx.xml?.root;
		if (!root) return;
		const text = ctx.file.text;
		const hostsCalled = new Set((ctx.project.pinning?.facts ?? []).flatMap((f) => f.hosts.filter((h) => !h.cleartext).map((h) => h.host)));
		for (const ps of walk(root)) {
			if (ps.name !== 'pin-set' || hasAncestor(ps, 'debug-overrides')) continue;
			const pins = children(ps, 'pin');
			const real = pins.filter((p) => !PLACEHOLDER.test(p.text));
			const exp = attr(ps, 'expiration');
			const tag = { start: ps.nameStart - 1, end: ps.nameEnd };
			if (pins.length === 1 && real.length === 1) {
				const pin = pins[0]!;
				const ind = lineIndent(text, pin.start);
				ctx.report({
					...tag,
					message: 'This <pin-set> has a single pin: when that key changes the app cannot connect until users update. Add a backup pin (a key you keep offline).',
					fixes: [{ title: `Add a backup <pin> placeholder (compute it with: ${OPENSSL_SPKI})`, preferred: true, edits: [replace(ctx, pin.end, pin.end, `\n${ind}<!-- backup key, kept offline: replace with its base64 SPKI SHA-256 -->\n${ind}<pin digest="SHA-256">REPLACE_WITH_BACKUP_SPKI_SHA256_BASE64=</pin>`)] }],
				});
			}
			if (exp) {
				const days = daysUntil(exp.value);
				if (days !== undefined && days < 0) ctx.report({ start: exp.start, end: exp.end, severity: 'error', message: `This pin-set expired on ${exp.value}: Android no longer enforces it, so these hosts are unpinned. Ship fresh pins with a new expiration.` });
				else if (days !== undefined && days <= 30) ctx.report({ start: exp.start, end: exp.end, message: `This pin-set expires in ${days} day(s) (${exp.value}); after that pinning silently stops. Plan the pin rotation now.` });
			} else if (real.length > 0) {
				ctx.report({ ...tag, severity: 'hint', message: 'This <pin-set> has no expiration: if all pinned keys rotate before users update, the app cannot connect. An expiration fails open instead (a trade-off to decide deliberately).' });
			}
			for (const p of pins) {
				const d = attr(p, 'digest');
				if (d && d.value !== 'SHA-256') ctx.report({ start: d.start, end: d.end, message: `digest="${d.value}" is not supported: Android only accepts SHA-256 pins, so this pin never matches.`, fixes: [{ title: 'Use digest="SHA-256" (the pin value must be recomputed)', edits: [replace(ctx, d.valueStart, d.valueEnd, 'SHA-256')] }] });
			}
			const dc = ps.parent;
			if (dc?.name === 'domain-config' && hostsCalled.size > 0) {
				for (const dom of children(dc, 'domain')) {
					const inc = attr(dom, 'includeSubdomains');
					if (inc?.value === 'true') continue;
					const name = dom.text.toLowerCase();
					const subs = [...hostsCalled].filter((h) => h.endsWith('.' + name));
					if (subs.length === 0) continue;
					ctx.report({ start: dom.start, end: dom.end, message: `Pins apply to ${name} only, but the app also calls ${subs.slice(0, 3).join(', ')}: add includeSubdomains="true" or pin those hosts too.`, fixes: [inc ? { title: 'Set includeSubdomains="true"', preferred: true, edits: [replace(ctx, inc.valueStart, inc.valueEnd, 'true')] } : { title: 'Add includeSubdomains="true"', preferred: true, edits: [replace(ctx, dom.nameEnd, dom.nameEnd, ' includeSubdomains="true"')] }] });
				}
			}
		}
	},
};

/** minSdk of the Gradle module this manifest belongs to (falls back to any module's). */
function minSdk(ctx: RuleContext): number | undefined {
	const gradles = (ctx.project.pinning?.facts ?? []).filter((f) => f.gradle?.minSdk !== undefined);
	const own = gradles.find((f) => {
		const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
		return dir === '' ? /^[^]*\/src\/[^/]+\/AndroidManifest\.xml$/.test(ctx.file.path) && !gradles.some((g) => g !== f && g.path.includes('/') && ctx.file.path.includes(`/${g.path.slice(0, g.path.lastIndexOf('/'))}/src/`)) : ctx.file.path.includes(`/${dir}/src/`);
	});
	return (own ?? gradles[0])?.gradle?.minSdk;
}

export const androidNscAbsentWeakDefaults: Rule = {
	meta: {
		id: 'android-nsc-absent-weak-defaults',
		title: 'No network security config on old Android versions',
		severity: 'info',
		sections: ['COMMS', 'TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050', 'MASWE-0052'],
		kinds: ['android-manifest'],
		triggers: ['<application'],
		why: 'Without a network security config, Android 6 and older trust user-installed CAs (minSdk < 24) and apps targeting API < 28 allow cleartext by default.',
		fix: 'Add android:networkSecurityConfig="@xml/network_security_config" with a <base-config> that disallows cleartext and trusts only the system CAs.',
	},
	check(ctx) {
		const root = ctx.xml?.root;
		if (!root || ctx.file.isDebugSource) return;
		const app = [...walk(root)].find((e) => e.name === 'application');
		if (!app || androidAttr(app, 'networkSecurityConfig')) return;
		const min = minSdk(ctx);
		const target = ctx.project.androidTargetSdk;
		const reasons: string[] = [];
		if (min !== undefined && min < 24) reasons.push(`minSdk ${min} < 24: Android 6 and older trust user-installed CAs`);
		if (target !== undefined && target < 28) reasons.push(`targetSdk ${target} < 28: cleartext traffic is allowed by default`);
		if (reasons.length === 0) return;
		const dir = ctx.file.path.slice(0, ctx.file.path.lastIndexOf('/') + 1);
		const content = `<?xml version="1.0" encoding="utf-8"?>\n<network-security-config>\n    <base-config cleartextTrafficPermitted="false">\n        <trust-anchors>\n            <certificates src="system" />\n        </trust-anchors>\n    </base-config>\n</network-security-config>\n`;
		ctx.report({
			start: app.nameStart,
			end: app.nameEnd,
			message: `No android:networkSecurityConfig and ${reasons.join('; ')}. Add a network security config that trusts only system CAs and disallows cleartext.`,
			fixes: [{ title: 'Create res/xml/network_security_config.xml (system CAs only, no cleartext) and reference it', preferred: true, edits: [replace(ctx, app.nameEnd, app.nameEnd, ' android:networkSecurityConfig="@xml/network_security_config"')], creates: [{ path: `${dir}res/xml/network_security_config.xml`, content }] }],
		});
	},
};
