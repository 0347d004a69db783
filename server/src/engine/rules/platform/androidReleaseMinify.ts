import type { Fix, Rule, RuleContext } from '../../types';
import type { JsonNode } from '../../parse/json';
import { booleanValue, childrenOf, readGradle, scriptVariable, settingsIn } from '../../project/android/gradleScript';
import { moduleFileFacts } from '../../project/android/modules';
import { replace } from '../shared/edits';
import { workspaceRel } from '../shared/releaseManifest';

/**
 * `android-release-not-minified` (catalog: Android config). The app module's
 * release build type does not run R8: `minifyEnabled false` /
 * `isMinifyEnabled = false`, React Native's `def enableProguardInReleaseBuilds
 * = false`, Expo's `android.enableProguardInReleaseBuilds` /
 * `android.enableMinifyInReleaseBuilds` property left false (gradle.properties,
 * expo-build-properties in app.json). Library modules are left alone (the app
 * minifies them), as are debug build types and computed values.
 */

const MINIFY_PROPS = ['android.enableProguardInReleaseBuilds', 'android.enableMinifyInReleaseBuilds'];
const MESSAGE_TAIL = 'class and method names, strings and the app\'s logic stay readable in the APK (easier to reverse, to find keys and endpoints in, and to repackage).';

function isAppModule(text: string): boolean {
	const f = moduleFileFacts(text);
	return f.kind === 'application';
}

/** gradle.properties values visible to a build file (its folder and the folders above it). */
function gradleProperty(ctx: RuleContext, rel: string, name: string): string | undefined {
	const props = ctx.project.android?.gradleProperties;
	if (!props) return undefined;
	for (let dir = rel.slice(0, Math.max(0, rel.lastIndexOf('/'))); ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/')))) {
		const v = props.get(dir)?.[name];
		if (v !== undefined) return v.trim();
		if (dir === '') return undefined;
	}
}

function checkGradle(ctx: RuleContext): void {
	const text = ctx.file.text;
	if (!isAppModule(text)) return;
	const script = readGradle(text);
	for (const bt of childrenOf(script, 'buildTypes')) {
		if (bt.name !== 'release') continue;
		for (const s of settingsIn(script, bt, ['minifyEnabled', 'isMinifyEnabled'])) {
			const literal = booleanValue(s.value);
			if (literal === false) {
				ctx.report({
					start: s.nameStart,
					end: s.valueEnd,
					message: `The release build is not minified (${text.slice(s.nameStart, s.valueEnd).trim()}): ${MESSAGE_TAIL} Set it to true (with shrinkResources true and keep rules for reflection).`,
					fixes: [{ title: 'Enable minification for release', preferred: true, edits: [replace(ctx, s.valueStart, s.valueEnd, s.value.startsWith('(') ? '(true)' : 'true')] }],
				});
				continue;
			}
			if (literal !== undefined || !/^[A-Za-z_]\w*$/.test(s.value)) continue;
			// minifyEnabled enableProguardInReleaseBuilds: a same-file variable, maybe read from gradle.properties.
			const v = scriptVariable(script, s.value);
			if (!v) continue;
			const vLiteral = booleanValue(v.value);
			if (vLiteral === false) {
				ctx.report({
					start: s.nameStart,
					end: s.valueEnd,
					message: `The release build is not minified: ${s.value} is false (line ${ctx.file.lines.position(v.valueStart).line + 1}), so ${MESSAGE_TAIL} Set ${s.value} to true.`,
					fixes: [{ title: `Set ${s.value} = true`, preferred: true, edits: [replace(ctx, v.valueStart, v.valueEnd, 'true')] }],
				});
				continue;
			}
			const prop = MINIFY_PROPS.find((p) => v.value.includes(p));
			if (!prop || !/\?:\s*false\b|,\s*["']?false["']?\s*\)|\?\?\s*false\b/.test(v.value)) continue;
			const rel = workspaceRel(ctx, [...(ctx.project.android?.graph.modules.values() ?? [])].map((m) => m.buildFile));
			const set = gradleProperty(ctx, rel, prop);
			if (set === 'true') continue;
			if (set === 'false') continue; // reported on gradle.properties, where the fix is
			ctx.report({
				start: s.nameStart,
				end: s.valueEnd,
				message: `The release build is not minified: ${s.value} reads ${prop}, which no gradle.properties sets (default false), so ${MESSAGE_TAIL} Set ${prop}=true in gradle.properties (Expo: "${prop.replace('android.', '')}": true under expo-build-properties' android options).`,
			});
		}
	}
}

function checkProperties(ctx: RuleContext): void {
	const text = ctx.file.text;
	// Only where an app module reads the property (Expo's template: findProperty('android.enableProguardInReleaseBuilds')).
	const readers = [...(ctx.project.android?.graph.modules.values() ?? [])].filter((m) => m.facts.kind === 'application' && (m.facts.readsProperties ?? []).some((p) => MINIFY_PROPS.includes(p)));
	if (readers.length === 0) return;
	for (const m of text.matchAll(/^[ \t]*(android\.enable(?:Proguard|Minify)InReleaseBuilds)[ \t]*[=:][ \t]*(false)[ \t]*$/gm)) {
		if (!readers.some((r) => r.facts.readsProperties!.includes(m[1]!))) continue;
		const vs = m.index! + m[0].lastIndexOf('false');
		ctx.report({
			start: m.index! + m[0].indexOf(m[1]!),
			end: vs + 5,
			message: `${m[1]}=false: the app's release build (${readers[0]!.buildFile}) reads this property, so it is not minified and ${MESSAGE_TAIL} Set it to true.`,
			fixes: [{ title: `Set ${m[1]}=true`, preferred: true, edits: [replace(ctx, vs, vs + 5, 'true')] }],
		});
	}
}

function prop(obj: JsonNode | undefined, key: string): JsonNode | undefined {
	if (!obj || obj.type !== 'object') return undefined;
	for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) return p.children?.[1];
	return undefined;
}

function checkExpo(ctx: RuleContext): void {
	const root = ctx.json?.root;
	const expo = prop(root, 'expo') ?? root;
	const plugins = prop(expo, 'plugins');
	for (const p of plugins?.children ?? []) {
		if (p.type !== 'array' || p.children?.[0]?.value !== 'expo-build-properties') continue;
		const android = prop(p.children[1], 'android');
		for (const key of ['enableProguardInReleaseBuilds', 'enableMinifyInReleaseBuilds']) {
			const v = prop(android, key);
			if (!v || v.value !== false) continue;
			const keyNode = android!.children!.find((c) => c.children?.[0]?.value === key)!.children![0]!;
			const fixes: Fix[] = [{ title: `Set "${key}": true`, preferred: true, edits: [replace(ctx, v.offset, v.offset + v.length, 'true')] }];
			ctx.report({
				start: keyNode.offset,
				end: v.offset + v.length,
				message: `expo-build-properties sets android.${key} to false: the release build is not minified, so ${MESSAGE_TAIL} Set it to true.`,
				fixes,
			});
		}
	}
}

export const androidReleaseMinify: Rule = {
	meta: {
		id: 'android-release-not-minified',
		title: 'Android release build not minified',
		severity: 'info',
		sections: ['THREAT'],
		masvs: ['MASVS-RESILIENCE-3', 'MASWE-0089'],
		kinds: ['gradle', 'gradle-kts', 'gradle-properties', 'expo-config'],
		modelParts: ['build'],
		triggers: ['inifyEnabled', 'enableProguardInReleaseBuilds', 'enableMinifyInReleaseBuilds'],
		why: 'Without R8 the release APK keeps every class, method and field name and all dead code: reverse engineering, finding keys and endpoints and repackaging the app take minutes.',
		fix: 'Set minifyEnabled true (isMinifyEnabled = true) and shrinkResources true for the release build type, with keep rules for code used by reflection; in React Native set enableProguardInReleaseBuilds = true, in Expo enableProguardInReleaseBuilds / enableMinifyInReleaseBuilds in expo-build-properties.',
	},
	check(ctx) {
		switch (ctx.file.kind) {
			case 'gradle':
			case 'gradle-kts':
				return checkGradle(ctx);
			case 'gradle-properties':
				return checkProperties(ctx);
			case 'expo-config':
				return checkExpo(ctx);
		}
	},
};
