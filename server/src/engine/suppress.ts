import type { LineIndex } from './text';

/**
 * Inline suppressions, in any comment syntax MobSec reads (`//`, `/* *\/`,
 * `#`, `<!-- -->`):
 *
 *   mobsec-disable-next-line <rule-id>[, <rule-id>] -- <reason>
 *   mobsec-disable-line <rule-id> -- <reason>      (trailing, same line)
 *   mobsec-disable-file <rule-id> -- <reason>      (whole file)
 *
 * `--` cannot appear inside an XML comment, so ` - ` is accepted as the
 * reason separator too (and is what fixes insert in XML and plists).
 */
export interface Suppression {
	kind: 'next-line' | 'line' | 'file';
	ruleIds: string[];
	reason: string;
	/** Line the suppression applies to (not for 'file'). */
	targetLine: number;
	/** Where the directive itself is, for reporting problems with it. */
	start: number;
	end: number;
	/** Offsets of the rule-id list, for reporting an unknown id. */
	idsStart: number;
	used: boolean;
}

const DIRECTIVE = /(?:\/\/|\/\*|#|<!--)[ \t]*mobsec-disable-(next-line|line|file)\b([^\r\n]*)/g;

export function parseSuppressions(text: string, lines: LineIndex): Suppression[] {
	if (!text.includes('mobsec-disable')) return [];
	const out: Suppression[] = [];
	DIRECTIVE.lastIndex = 0;
	for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
		const kind = m[1] as Suppression['kind'];
		let rest = m[2]!.replace(/(?<!\s)\s*(?:\*\/|-->)\s*$/, '');
		const restStart = m.index + m[0].length - m[2]!.length;
		let reason = '';
		const sep = /\s(--|-|—)\s/.exec(' ' + rest + ' ');
		if (sep) {
			reason = (' ' + rest + ' ').slice(sep.index + sep[0].length).trim();
			rest = (' ' + rest + ' ').slice(0, sep.index).trim();
		} else if (/\s--\s*$/.test(' ' + rest)) {
			rest = rest.replace(/(?<!\s)\s*--\s*$/, '');
		}
		const ruleIds = rest
			.split(/[\s,]+/)
			.map((s) => s.trim())
			.filter((s) => s !== '');
		const line = lines.position(m.index).line;
		out.push({
			kind,
			ruleIds,
			reason,
			targetLine: kind === 'next-line' ? line + 1 : line,
			start: m.index,
			end: m.index + m[0].length,
			idsStart: restStart + (m[2]!.length - m[2]!.trimStart().length),
			used: false,
		});
	}
	return out;
}

/** Whether a finding of `ruleId` starting on `line` is suppressed; marks the suppression used. */
export function isSuppressed(sups: Suppression[], ruleId: string, line: number): boolean {
	for (const s of sups) {
		const matches = s.ruleIds.length === 0 ? s.kind === 'file' : s.ruleIds.includes(ruleId) || s.ruleIds.includes('*');
		if (!matches) continue;
		if (s.kind === 'file' || s.targetLine === line) {
			s.used = true;
			return true;
		}
	}
	return false;
}

/** What a fresh suppression says until the author writes the reason; counts as no reason. */
export const REASON_PLACEHOLDER = '<reason>';

export function hasRealReason(reason: string): boolean {
	return reason !== '' && reason !== REASON_PLACEHOLDER;
}

/** Comment syntax for a suppression line in a file of this kind; undefined where comments are not allowed (JSON). */
export function suppressionComment(kind: string, ruleId: string): string | undefined {
	switch (kind) {
		case 'expo-config':
		case 'package-json':
		case 'google-services':
			return undefined;
		case 'android-manifest':
		case 'nsc':
		case 'android-res-xml':
		case 'plist':
		case 'entitlements':
			// `--` is not allowed inside an XML comment.
			return `<!-- mobsec-disable-next-line ${ruleId} - ${REASON_PLACEHOLDER} -->`;
		case 'gradle-properties':
		case 'properties':
		case 'podfile':
		case 'env':
		case 'pubspec':
		case 'build-script':
			return `# mobsec-disable-next-line ${ruleId} -- ${REASON_PLACEHOLDER}`;
		default:
			return `// mobsec-disable-next-line ${ruleId} -- ${REASON_PLACEHOLDER}`;
	}
}

/** Insert a suppression comment above `line`, indented like it. */
export function suppressionInsert(kind: string, lines: LineIndex, line: number, ruleId: string): { offset: number; text: string } | undefined {
	const comment = suppressionComment(kind, ruleId);
	if (!comment) return undefined;
	const lineText = lines.lineText(line);
	const indent = /^[ \t]*/.exec(lineText)![0];
	const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
	return { offset: lines.lineStart(line), text: `${indent}${comment}${eol}` };
}
