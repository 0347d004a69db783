import type { Fix, Rule, RuleContext } from '../../types';
import type { JsonNode } from '../../parse/json';
import { dictGet, plistRoot } from '../../parse/plist';
import { lex } from '../../project/lexer';
import { replace } from '../shared/edits';

/**
 * `expo-updates-unsigned` (catalog: React Native / Expo). Over-the-air
 * JavaScript updates the app installs without checking who made them:
 * expo-updates with an update URL (`updates.url` in app.json / app.config.*,
 * `EXUpdatesURL` in Expo.plist) but no `codeSigningCertificate` +
 * `codeSigningMetadata`; an update URL over http:// (an error: anyone on the
 * network path can replace the app's code); CodePush with a deployment key
 * but no `CodePushPublicKey` (Info.plist, strings.xml). Not reported:
 * `updates.enabled: false`, configs without an update URL.
 */

const LOOPBACK = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\]|10\.0\.2\.2)([:/]|$)/i;
const SIGN_HINT = 'generate a key pair and certificate with `npx expo-updates codesigning:generate` and set updates.codeSigningCertificate and updates.codeSigningMetadata';

function prop(obj: JsonNode | undefined, key: string): { keyNode: JsonNode; value: JsonNode } | undefined {
	if (!obj || obj.type !== 'object') return undefined;
	for (const p of obj.children ?? []) if (p.children?.[0]?.value === key && p.children[1]) return { keyNode: p.children[0], value: p.children[1] };
	return undefined;
}

function reportUrl(ctx: RuleContext, url: string, start: number, end: number, signed: { cert: boolean; meta: boolean }, where: string): void {
	if (/^http:\/\//i.test(url) && !LOOPBACK.test(url)) {
		const fix: Fix = { title: 'Use https://', preferred: true, edits: [replace(ctx, start, start + 4, 'https')] };
		ctx.report({
			start,
			end,
			severity: 'error',
			message: `${where} fetches over-the-air updates over HTTP (${url}): anyone on the network path can replace the app's JavaScript. Use https://${signed.cert ? '' : ', and sign updates (' + SIGN_HINT + ')'}.`,
			fixes: [fix],
		});
		return;
	}
	if (signed.cert && signed.meta) return;
	ctx.report({
		start,
		end,
		message: signed.cert
			? `${where} has a code-signing certificate but no codeSigningMetadata (keyid, alg), so expo-updates cannot verify update signatures. Add codeSigningMetadata: { "keyid": "main", "alg": "rsa-v1_5-sha256" }.`
			: `${where} installs over-the-air JavaScript updates from ${url} without code signing: whoever can publish to, or take over, the update channel can ship code to every installed app. Sign updates: ${SIGN_HINT}.`,
	});
}

function checkAppJson(ctx: RuleContext): void {
	const root = ctx.json?.root;
	const expo = prop(root, 'expo')?.value ?? root;
	const updates = prop(expo, 'updates')?.value;
	if (!updates || updates.type !== 'object') return;
	if (prop(updates, 'enabled')?.value.value === false) return;
	const url = prop(updates, 'url')?.value;
	if (!url || typeof url.value !== 'string') return;
	const signed = { cert: prop(updates, 'codeSigningCertificate') !== undefined, meta: prop(updates, 'codeSigningMetadata') !== undefined };
	reportUrl(ctx, url.value, url.offset + 1, url.offset + url.length - 1, signed, 'expo-updates');
}

function checkAppConfig(ctx: RuleContext): void {
	if (!/(^|\/)app\.config\.[cm]?[jt]s$/.test(ctx.file.path)) return;
	const text = ctx.file.text;
	const { code, strings } = lex(text);
	const m = /\bupdates\s*:\s*\{/.exec(code);
	if (!m) return;
	let depth = 0;
	let end = m.index + m[0].length - 1;
	for (; end < code.length; end++) {
		if (code[end] === '{') depth++;
		else if (code[end] === '}' && --depth === 0) break;
	}
	const body = code.slice(m.index, end);
	if (/\benabled\s*:\s*false\b/.test(body)) return;
	const urlKey = /\burl\s*:\s*["'`]/.exec(body);
	if (!urlKey) return;
	const url = strings.find((s) => s.start === m.index + urlKey.index + urlKey[0].length);
	if (!url || url.value.includes('${')) return;
	const signed = { cert: /\bcodeSigningCertificate\s*:/.test(body), meta: /\bcodeSigningMetadata\s*:/.test(body) };
	reportUrl(ctx, url.value, url.start, url.end, signed, 'expo-updates');
}

function checkPlist(ctx: RuleContext): void {
	const top = plistRoot(ctx.xml?.root);
	if (!top) return;
	const exUrl = dictGet(top, 'EXUpdatesURL');
	if (exUrl && exUrl.value.type === 'string') {
		const enabled = dictGet(top, 'EXUpdatesEnabled');
		if (enabled && enabled.value.type === 'bool' && !enabled.value.value) return;
		const el = exUrl.value.el;
		const signed = { cert: !!dictGet(top, 'EXUpdatesCodeSigningCertificate'), meta: !!dictGet(top, 'EXUpdatesCodeSigningMetadata') };
		if (el.textStart !== undefined && el.textEnd !== undefined) reportUrl(ctx, exUrl.value.value, el.textStart, el.textEnd, signed, 'Expo.plist EXUpdatesURL');
		return;
	}
	const key = dictGet(top, 'CodePushDeploymentKey');
	if (!key || dictGet(top, 'CodePushPublicKey')) return;
	ctx.report({
		start: key.keyEl.start,
		end: key.keyEl.end,
		message: 'CodePush is configured (CodePushDeploymentKey) without CodePushPublicKey, so the app installs JavaScript updates without checking their signature: whoever can publish to the deployment (or take over its server) can ship code to every installed app. Sign releases (code-push release-react --privateKeyPath) and add CodePushPublicKey.',
	});
}

function checkStrings(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	if (!root || root.name !== 'resources') return;
	const named = (n: string) => root.children.find((c) => c.name === 'string' && c.attrs.some((a) => a.local === 'name' && a.value === n));
	const key = named('CodePushDeploymentKey');
	if (!key || named('CodePushPublicKey')) return;
	ctx.report({
		start: key.nameStart,
		end: key.nameEnd,
		message: 'CodePush is configured (CodePushDeploymentKey) without a CodePushPublicKey string, so the app installs JavaScript updates without checking their signature. Sign releases (code-push release-react --privateKeyPath) and add <string moduleConfig="true" name="CodePushPublicKey">.',
	});
}

export const expoUpdatesUnsigned: Rule = {
	meta: {
		id: 'expo-updates-unsigned',
		title: 'Over-the-air updates without code signing',
		severity: 'warning',
		sections: ['THREAT', 'UPDATE'],
		masvs: ['MASVS-CODE-4', 'MASWE-0085', 'MASVS-RESILIENCE-2'],
		kinds: ['expo-config', 'javascript', 'typescript', 'plist', 'android-res-xml'],
		triggers: ['"updates"', 'updates:', 'CodePushDeploymentKey', 'EXUpdatesURL'],
		alsoRequires: ['expo', 'codepush', 'exupdates'],
		why: 'expo-updates and CodePush replace the app\'s JavaScript at launch; without code signing the app trusts whatever the update server (or anyone who controls it or the network path) serves, which is remote code execution in every installed copy.',
		fix: 'Serve updates over HTTPS and sign them: expo-updates codeSigningCertificate + codeSigningMetadata (npx expo-updates codesigning:generate), CodePush --privateKeyPath with CodePushPublicKey in the app.',
	},
	check(ctx) {
		switch (ctx.file.kind) {
			case 'expo-config':
				return checkAppJson(ctx);
			case 'javascript':
			case 'typescript':
				return checkAppConfig(ctx);
			case 'plist':
				return checkPlist(ctx);
			case 'android-res-xml':
				return checkStrings(ctx);
		}
	},
};
