import { pathToFileURL } from 'node:url';
import { checklistItemsForRule } from '../../../../common/src/checklist';
import type { Severity } from '../../../../common/src/severity';
import { ALL_RULE_META } from '../../engine/rules/registry';
import type { Range } from '../../engine/types';
import type { ScanReport } from '../scanRunner';
import { fingerprints } from '../../engine/baseline/fingerprint';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** GitHub code scanning reads `security-severity` (0-10) to rank results. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '3.0', hint: '1.0' };

const SECTION_NAMES: Record<string, string> = {
	AUTH: 'Proper User Authentication',
	COMMS: 'Secure Communications',
	STORE: 'Secure Data Storage',
	TRANSIT: 'Secure Data Transmission',
	REVIEW: 'Code Review',
	THREAT: 'Application Level Threat Protection',
	UPDATE: 'Regular Updating',
};

function region(r: Range) {
	return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function pascal(s: string): string {
	return s.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** SARIF 2.1.0 log: every rule's metadata, results with relative URIs and line-shift-proof fingerprints. */
export function formatSarif(report: ScanReport, version: string): string {
	const rules = ALL_RULE_META.map((m) => ({
		id: m.id,
		name: pascal(m.id),
		shortDescription: { text: m.title },
		fullDescription: { text: m.why },
		help: { text: `${m.why}\n\nFix: ${m.fix}`, markdown: `**${m.title}**\n\n${m.why}\n\n**Fix:** ${m.fix}${m.masvs.length ? `\n\nOWASP: ${m.masvs.join(', ')}` : ''}` },
		defaultConfiguration: { level: LEVEL[m.severity] },
		properties: {
			tags: ['security', 'mobile', ...m.masvs],
			category: SECTION_NAMES[m.sections[0] ?? 'REVIEW'],
			precision: 'high',
			'security-severity': SECURITY_SEVERITY[m.severity],
			checklist: checklistItemsForRule(m.id),
		},
	}));
	const index = new Map(rules.map((r, i) => [r.id, i]));
	const results = report.files.flatMap((f) => {
		// Over every finding of the file, hidden ones included, so a baseline does not change a fingerprint.
		const fps = fingerprints(f.text, f.rel, [...f.findings, ...(f.hidden ?? [])]);
		return f.findings.map((x, i) => {
			const artifactLocation = { uri: encodeURI(f.rel), uriBaseId: 'SRCROOT' };
			const physical = (r: Range) => ({ artifactLocation, region: region(r) });
			const result: Record<string, unknown> = {
				ruleId: x.ruleId,
				ruleIndex: index.get(x.ruleId) ?? -1,
				level: LEVEL[x.severity],
				message: { text: x.message },
				locations: [{ physicalLocation: physical(x.range) }],
				partialFingerprints: { 'mobsecFingerprint/v1': fps[i]! },
			};
			// With a baseline, every result shown is new to it; baselined results are left out, because
			// GitHub code scanning opens alerts for results that carry SARIF suppressions.
			if (report.baseline) result.baselineState = 'new';
			if (x.related && x.related.length > 0) {
				result.relatedLocations = x.related.map((r, id) => ({ id, physicalLocation: physical(r.range), message: { text: r.message } }));
				// The value's path, source first, ending at the finding itself (the sink).
				const steps = [...x.related.map((r) => ({ range: r.range, text: r.message })), { range: x.range, text: 'sink' }];
				result.codeFlows = [{ threadFlows: [{ locations: steps.map((s) => ({ location: { physicalLocation: physical(s.range), message: { text: s.text } } })) }] }];
			}
			return result;
		});
	});
	const log = {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [
			{
				tool: { driver: { name: 'MobSec', semanticVersion: version, version, rules } },
				originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(report.base.endsWith('/') ? report.base : report.base + '/').toString() } },
				columnKind: 'utf16CodeUnits',
				...(report.baseline || report.changedSince ? { properties: { ...(report.baseline ? { baseline: report.baseline } : {}), ...(report.changedSince ? { changedSince: report.changedSince } : {}) } } : {}),
				// Files whose analysis failed or stopped at a limit: tool notifications, so a consumer
				// (GitHub code scanning shows them as tool errors) never takes such a file for clean.
				invocations: [
					{
						executionSuccessful: true,
						toolExecutionNotifications: (report.incomplete ?? []).map((x) => ({
							descriptor: { id: 'mobsec/file-not-fully-analysed' },
							level: 'warning',
							message: { text: `${x.rel}: ${x.reason}` },
							locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(x.rel), uriBaseId: 'SRCROOT' } } }],
						})),
					},
				],
				results,
			},
		],
	};
	return JSON.stringify(log, null, 2) + '\n';
}
