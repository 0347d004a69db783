import type { Node } from 'web-tree-sitter';
import { CODE_GRAMMAR } from '../../files';
import { maskSecret } from '../../text';
import type { Rule, RuleContext, Severity } from '../../types';
import { isStringNode } from '../shared/ast';
import { findKnownSecrets, isAwsSecretAccessKey, KNOWN_FORMAT_TRIGGERS, type KnownSecret } from './common';
import { execAll, occursIn, type Searched } from '../../textSearch';

/** Places where a Google `AIza…` key is a client key by design (Firebase / Maps configuration). */
const GOOGLE_CLIENT_FILE = /(^|\/)(google-services\.json|GoogleService-Info\.plist)$/;
const GOOGLE_CLIENT_CONTEXT = /(com\.google\.android\.geo\.API_KEY|com\.google\.android\.maps\.v2\.API_KEY|google_api_key|google_maps_key|google_crash_reporting_api_key|googleMapsApiKey|googleMaps|initializeApp|firebaseConfig|FirebaseOptions|provideAPIKey|Places\.initialize|GMSServices|GMSPlacesClient|authDomain|messagingSenderId|projectId|storageBucket|MAPS_API_KEY|mapsApiKey|GOOGLE_MAPS|API_KEY"\s*android:value|geo\.API_KEY)/;

const AWS_SECRET_CANDIDATE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function commentRanges(text: string, kind: string): Array<[number, number]> {
	const out: Array<[number, number]> = [];
	const re = /<!--[\s\S]*?(-->|$)/g;
	if (!/^(android-manifest|nsc|android-res-xml|plist|entitlements)$/.test(kind)) {
		// JSON with comments, line-oriented config: `//`, `/* */` and `#` comment lines.
		const lineRe = kind === 'expo-config' || kind === 'package-json' || kind === 'google-services' ? /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g : /^[ \t]*(#|\/\/|;|!)[^\n]*/gm;
		for (let m = lineRe.exec(text); m; m = lineRe.exec(text)) out.push([m.index, m.index + m[0].length]);
		return out;
	}
	for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
	return out;
}

function inRanges(ranges: Array<[number, number]>, i: number): boolean {
	return ranges.some(([s, e]) => i >= s && i < e);
}

/** The string literal node around an offset, or undefined (comment, identifier…). */
function stringAt(ctx: RuleContext, start: number, end: number): Node | undefined {
	let n: Node | null = ctx.tree!.rootNode.descendantForIndex(start, Math.max(start, end - 1));
	let str: Node | undefined;
	for (let d = 0; n && d < 6; d++, n = n.parent) {
		if (isStringNode(n)) str = n;
		else if (str) break;
	}
	return str;
}

function report(ctx: RuleContext, base: number, k: KnownSecret): void {
	const start = base + k.index;
	const end = start + k.value.length;
	let severity: Severity = k.severity;
	let message: string;
	if (k.google) {
		const around = ctx.file.text.slice(Math.max(0, start - 400), Math.min(ctx.file.text.length, end + 200));
		const clientKey = GOOGLE_CLIENT_FILE.test(ctx.file.path) || GOOGLE_CLIENT_CONTEXT.test(around);
		if (clientKey) {
			severity = 'hint';
			message = `Google API key ${maskSecret(k.value)} in Firebase / Maps configuration: it ships in the app by design. Restrict it in Google Cloud Console to your Android package + signing SHA-1 and iOS bundle id, and to the APIs the app uses.`;
		} else {
			message = `Google API key ${maskSecret(k.value)} is hard-coded. If it is a Firebase or Maps client key, restrict it to your package + signing SHA-1 / bundle id; if it calls a server API (Gemini, Places web service…), it is a secret: rotate it and call that API from your backend.`;
		}
	} else if (k.provider === 'pem') {
		message = `A PEM private key is embedded here. ${k.note}`;
	} else {
		message = `${k.what} ${maskSecret(k.value)} is hard-coded: anyone who unpacks the app can read and use it. ${k.note}`;
	}
	ctx.report({ start, end, severity, message, data: { provider: k.provider, masked: k.provider === 'pem' ? '-----BEGIN…' : maskSecret(k.value) } });
}

const AWS_WORD = /aws|secret.?access/i;

function awsSecrets(file: Searched, accept: (start: number, end: number) => boolean): KnownSecret[] {
	const text = file.text;
	if (!occursIn(file, AWS_WORD)) return [];
	const out: KnownSecret[] = [];
	for (const m of execAll(file, AWS_SECRET_CANDIDATE)) {
		const lineStart = text.lastIndexOf('\n', m.index) + 1;
		const context = text.slice(Math.max(lineStart, m.index - 80), m.index);
		if (!isAwsSecretAccessKey(m[0], context) || !accept(m.index, m.index + 40)) continue;
		out.push({ what: 'AWS secret access key', provider: 'aws', index: m.index, value: m[0], severity: 'error', note: 'Rotate it in IAM now (it is in the git history); mobile apps should get short-lived credentials (Cognito, STS via your backend).' });
	}
	return out;
}

/**
 * The rule's text gate (RuleMeta.textGate): check() reports only secrets these two searches find in
 * the whole text (the tree or the comment ranges then only drop some), so with none found it reports nothing.
 */
export function mayHoldKnownSecret(text: string): boolean {
	return findKnownSecrets(text).length > 0 || awsSecrets({ text }, () => true).length > 0;
}

export const secretKnownFormat: Rule = {
	meta: {
		id: 'secret-known-format',
		title: 'Provider secret or private key in the app',
		severity: 'error',
		sections: ['STORE', 'REVIEW'],
		masvs: ['MASVS-AUTH-1', 'MASWE-0005', 'MASVS-CRYPTO-2', 'MASWE-0014'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart', 'android-manifest', 'android-res-xml', 'plist', 'entitlements', 'expo-config', 'package-json', 'google-services', 'gradle', 'gradle-kts', 'gradle-properties', 'properties', 'env', 'xcconfig', 'pubspec', 'podfile'],
		textGate: mayHoldKnownSecret,
		triggers: [...KNOWN_FORMAT_TRIGGERS, 'aws_secret', 'AWS_SECRET', 'awsSecret', 'AwsSecret', 'secretAccessKey', 'SecretAccessKey', 'secret_access_key'],
		why: 'Everything in an app package (JS bundle, dex, binary, resources, plists) can be extracted with free tools in minutes. A provider secret found there gives the attacker your account: sending mail, charging cards, reading repositories, running up AI bills.',
		fix: 'Rotate the key (deleting the literal does not remove it from git history or from shipped builds), then move the call behind your own backend, which authenticates users and holds the secret. Google Firebase/Maps keys are client keys: restrict them to your app instead.',
	},
	check(ctx) {
		const text = ctx.file.text;
		const hasTree = CODE_GRAMMAR[ctx.file.kind] !== undefined;
		if (hasTree && !ctx.tree) return;
		const comments = hasTree ? [] : commentRanges(text, ctx.file.kind);
		const accept = (start: number, end: number): boolean => {
			if (hasTree) return stringAt(ctx, start, end) !== undefined;
			return !inRanges(comments, start);
		};
		const found = [...findKnownSecrets(text, ctx.file), ...awsSecrets(ctx.file, accept)].sort((a, b) => a.index - b.index);
		let lastEnd = -1;
		for (const k of found) {
			if (k.index < lastEnd) continue;
			if (!accept(k.index, k.index + k.value.length)) continue;
			lastEnd = k.index + k.value.length;
			report(ctx, 0, k);
		}
	},
};
