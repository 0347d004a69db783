import type { Rule } from '../../types';
import { blankComments } from '../../dependencies/manifests';
import { deleteSpan, replace } from '../shared/edits';

const LOOPBACK = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\]|10\.0\.2\.2)([:/]|$)/i;

export const gradleInsecureRepository: Rule = {
	meta: {
		id: 'gradle-insecure-repository',
		title: 'Gradle repository or wrapper over an insecure channel',
		severity: 'warning',
		sections: ['UPDATE'],
		masvs: ['MASVS-CODE-3', 'MASWE-0076'],
		kinds: ['gradle', 'gradle-kts', 'gradle-wrapper'],
		triggers: ['http:', 'distributionUrl', 'allowInsecureProtocol', 'AllowInsecureProtocol', 'jcenter', 'mavenLocal'],
		why: 'Dependencies or the Gradle distribution fetched over HTTP can be swapped by anyone on the network path (a build-time supply-chain attack); JCenter is read-only and sunset, and mavenLocal() lets whatever is in ~/.m2 into the build.',
		fix: 'Use https:// repository URLs, replace jcenter() with mavenCentral(), delete allowInsecureProtocol, and keep mavenLocal() out of release builds.',
	},
	check(ctx) {
		const text = ctx.file.text;
		if (ctx.file.kind === 'gradle-wrapper') {
			const m = /^[ \t]*distributionUrl[ \t]*[=:][ \t]*(http)\\?:/m.exec(text);
			if (m) {
				const s = m.index + m[0].lastIndexOf('http');
				ctx.report({
					start: m.index + m[0].search(/\S/),
					end: text.indexOf('\n', m.index) < 0 ? text.length : text.indexOf('\n', m.index),
					message: 'The Gradle wrapper downloads the Gradle distribution over HTTP: a network attacker can replace the build tool itself. Use https://services.gradle.org/… (and set distributionSha256Sum).',
					fixes: [{ title: 'Use https:// for distributionUrl', preferred: true, edits: [replace(ctx, s, s + 4, 'https')] }],
				});
			}
			return;
		}
		const code = blankComments(text);
		// http:// repository URLs
		for (const m of code.matchAll(/(["'])(http:\/\/[^"'\s]*)\1/g)) {
			const url = m[2]!;
			if (LOOPBACK.test(url)) continue;
			const lineStart = code.lastIndexOf('\n', m.index!) + 1;
			const line = code.slice(lineStart, code.indexOf('\n', m.index!) < 0 ? code.length : code.indexOf('\n', m.index!));
			const before = code.slice(Math.max(0, m.index! - 200), m.index!);
			if (!/\b(url|maven|uri|setUrl|ivy)\b/.test(line) && !/maven\s*\{(?:[^}m]|m(?!aven\s*\{))*$/.test(before)) continue;
			const s = m.index! + 1;
			ctx.report({
				start: s,
				end: s + url.length,
				message: `Repository ${url} is fetched over HTTP: artifacts can be tampered with in transit. Use https://.`,
				fixes: [{ title: 'Use https://', preferred: true, fixAll: true, edits: [replace(ctx, s, s + 'http'.length, 'https')] }],
			});
		}
		for (const m of code.matchAll(/\b(?:is)?[aA]llowInsecureProtocol\b\s*(?:[=(]\s*)?true\b\s*\)?/g)) {
			ctx.report({
				start: m.index!,
				end: m.index! + m[0].length,
				message: 'allowInsecureProtocol = true lets Gradle download artifacts over HTTP (Gradle refuses it by default since 7). Serve the repository over HTTPS and delete this line.',
				fixes: [{ title: 'Delete allowInsecureProtocol', preferred: true, edits: [deleteSpan(ctx, m.index!, m.index! + m[0].length)] }],
			});
		}
		for (const m of code.matchAll(/\bjcenter\s*\(\s*\)/g)) {
			ctx.report({
				start: m.index!,
				end: m.index! + m[0].length,
				message: 'jcenter() is sunset (read-only since 2021) and has served hijacked coordinates; resolve from mavenCentral() instead.',
				fixes: [{ title: 'Replace jcenter() with mavenCentral()', preferred: true, fixAll: true, edits: [replace(ctx, m.index!, m.index! + m[0].length, 'mavenCentral()')] }],
			});
		}
		for (const m of code.matchAll(/\bmavenLocal\s*\(\s*\)/g)) {
			ctx.report({
				start: m.index!,
				end: m.index! + m[0].length,
				severity: 'info',
				message: 'mavenLocal() takes artifacts from the build machine\'s ~/.m2, which nothing verifies; keep it out of release builds (or restrict it with content { includeGroup(…) }).',
			});
		}
	},
};
