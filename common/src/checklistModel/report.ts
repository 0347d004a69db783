import { createHash } from 'node:crypto';
import { blockingReason, ChecklistState, countsText, ItemState, statusLabel } from './status';

/**
 * The release report and the CLI outputs, rendered from a ChecklistState.
 * Pure: strings in, strings out. Everything that came from the repository
 * (finding messages, file names, notes, names) is escaped for the target
 * format.
 */
export interface ReportContext {
	/** Shown as the project name (a folder name or path). */
	project: string;
	/** HEAD when the report was made, if known. */
	commit?: string;
	/** ISO time; callers pass it so output is reproducible in tests. */
	generatedAt: string;
	tool?: { name: string; version: string };
}

function findingLoc(f: { file: string; line: number; character: number }): string {
	return `${f.file}:${f.line + 1}:${f.character + 1}`;
}

function recordLine(s: ItemState): string | undefined {
	const r = s.record;
	if (!r) return undefined;
	const who = r.email ? `${r.by} <${r.email}>` : r.by;
	return `${r.status === 'not-applicable' ? 'n/a' : 'signed off'} by ${who} at ${r.at}${r.commit ? ` (commit ${r.commit.slice(0, 7)})` : ''}: ${r.note}`;
}

// ---------------------------------------------------------------- text (CLI)

export function renderText(state: ChecklistState, ctx: ReportContext, opts: { gate: boolean }): string {
	const out: string[] = [`MobSec release checklist: ${ctx.project}${ctx.commit ? ` @ ${ctx.commit.slice(0, 7)}` : ''}`, ''];
	const width = Math.max(...state.items.map((i) => statusLabel(i).length));
	for (const sec of state.sections) {
		out.push(`${sec.section.title} (${countsText(sec.counts)})`);
		for (const s of sec.items) {
			out.push(`  ${statusLabel(s).padEnd(width)}  ${s.item.id.padEnd(10)} ${s.item.title}`);
			const shown = s.findings.slice(0, s.status === 'fail' ? 20 : 5);
			for (const f of shown) out.push(`      ${findingLoc(f)}  ${f.message}  [${f.ruleId}]`);
			if (s.findings.length > shown.length) out.push(`      … ${s.findings.length - shown.length} more`);
			const rec = recordLine(s);
			if (rec) out.push(`      ${rec}`);
			for (const r of s.staleReasons) out.push(`      stale: ${r}`);
			for (const n of s.notes) out.push(`      note: ${n}`);
		}
		out.push('');
	}
	out.push(`Summary: ${countsText(state.counts)} (${state.items.length} items)`);
	if (opts.gate) {
		if (state.blocking.length === 0) out.push('Gate: passed');
		else {
			out.push(`Gate: FAILED, ${state.blocking.length} item${state.blocking.length === 1 ? '' : 's'} block the release:`);
			for (const b of state.blocking) out.push(`  ${b.item.id}: ${blockingReason(b)}`);
		}
	}
	return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- JSON

export function checklistJson(state: ChecklistState, ctx: ReportContext): unknown {
	return {
		tool: ctx.tool?.name ?? 'mobsec',
		version: ctx.tool?.version,
		project: ctx.project,
		commit: ctx.commit ?? null,
		generatedAt: ctx.generatedAt,
		summary: state.counts,
		gate: { passed: state.blocking.length === 0, blocking: state.blocking.map((b) => ({ id: b.item.id, reason: blockingReason(b) })) },
		sections: state.sections.map((sec) => ({
			id: sec.section.id,
			title: sec.section.title,
			counts: sec.counts,
			items: sec.items.map((s) => ({
				id: s.item.id,
				title: s.item.title,
				kind: s.item.kind,
				masvs: s.item.masvs,
				rules: s.item.rules,
				implementedRules: s.implementedRules,
				status: s.status,
				label: statusLabel(s),
				reason: s.reason,
				evidence: s.evidence,
				findings: s.findings.map((f) => ({ file: f.file, line: f.line + 1, column: f.character + 1, ruleId: f.ruleId, severity: f.severity, message: f.message })),
				record: s.record ?? null,
				staleReasons: s.staleReasons,
				notes: s.notes,
			})),
		})),
	};
}

// ---------------------------------------------------------------- Markdown

/** Escape text for Markdown (inline): punctuation that could format or link, HTML, table pipes, newlines. */
export function escapeMarkdown(s: string): string {
	return s.replace(/[\\`*_{}[\]<>|~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`)).replace(/\r?\n/g, ' ');
}

export function renderMarkdown(state: ChecklistState, ctx: ReportContext): string {
	const e = escapeMarkdown;
	const out: string[] = [
		`# Release checklist: ${e(ctx.project)}`,
		'',
		`Generated ${e(ctx.generatedAt)}${ctx.commit ? ` at commit \`${ctx.commit.replace(/[^0-9a-f]/g, '')}\`` : ''} by ${e(ctx.tool ? `${ctx.tool.name} ${ctx.tool.version}` : 'MobSec')}.`,
		'',
		`**${state.blocking.length === 0 ? 'Ready: every item passes, is signed off or does not apply.' : `Not ready: ${state.blocking.length} of ${state.items.length} items block the release.`}** ${e(countsText(state.counts))}.`,
		'',
		'| Section | Status |',
		'| --- | --- |',
		...state.sections.map((s) => `| ${e(s.section.title)} | ${e(countsText(s.counts))} |`),
		'',
	];
	for (const sec of state.sections) {
		out.push(`## ${e(sec.section.title)}`, '', '| Item | Kind | Status | Evidence and sign-off |', '| --- | --- | --- | --- |');
		for (const s of sec.items) {
			const detail: string[] = [];
			if (s.findings.length) detail.push(`${s.findings.length} finding${s.findings.length === 1 ? '' : 's'}`);
			const rec = recordLine(s);
			if (rec) detail.push(e(rec));
			for (const r of s.staleReasons) detail.push(`stale: ${e(r)}`);
			if (!detail.length) detail.push(e(s.reason));
			out.push(`| **${e(s.item.id)}** ${e(s.item.title)} | ${s.item.kind} | ${e(statusLabel(s))} | ${detail.join('<br>')} |`);
		}
		out.push('');
		const withFindings = sec.items.filter((s) => s.findings.length);
		for (const s of withFindings) {
			out.push(`<details><summary>${e(s.item.id)}: ${s.findings.length} finding${s.findings.length === 1 ? '' : 's'}</summary>`, '');
			for (const f of s.findings) out.push(`- \`${findingLoc(f).replace(/`/g, "'")}\` ${e(f.message)} (${e(f.ruleId)})`);
			out.push('', '</details>', '');
		}
	}
	return out.join('\n');
}

// ---------------------------------------------------------------- HTML

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}
table{border-collapse:collapse;width:100%;margin:0 0 1rem}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.st{white-space:nowrap;font-weight:600}.fail,.stale,.needs-sign-off{color:#a40e26}.pass,.signed-off{color:#116329}.not-applicable{color:#59636e}
code{font-family:ui-monospace,monospace;font-size:90%}ul{margin:.25rem 0}small{color:#59636e}`;

/** Standalone HTML page; strict CSP: no scripts, no remote loads, only this page's own stylesheet (by hash). */
export function renderHtml(state: ChecklistState, ctx: ReportContext): string {
	const h = escapeHtml;
	const styleHash = createHash('sha256').update(STYLE).digest('base64');
	const rows = (items: ItemState[]): string =>
		items
			.map((s) => {
				const detail: string[] = [];
				const rec = recordLine(s);
				if (rec) detail.push(h(rec));
				for (const r of s.staleReasons) detail.push(`stale: ${h(r)}`);
				if (!rec && !s.staleReasons.length) detail.push(h(s.reason));
				const findings = s.findings.length ? `<ul>${s.findings.map((f) => `<li><code>${h(findingLoc(f))}</code> ${h(f.message)} <small>${h(f.ruleId)}</small></li>`).join('')}</ul>` : '';
				return `<tr><td><strong>${h(s.item.id)}</strong> ${h(s.item.title)}</td><td>${h(s.item.kind)}</td><td class="st ${s.status}">${h(statusLabel(s))}</td><td>${detail.join('<br>')}${findings}</td></tr>`;
			})
			.join('\n');
	const title = `Release checklist: ${ctx.project}`;
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${styleHash}'; img-src 'none'; script-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${h(title)}</h1>
<p>Generated ${h(ctx.generatedAt)}${ctx.commit ? ` at commit <code>${h(ctx.commit)}</code>` : ''} by ${h(ctx.tool ? `${ctx.tool.name} ${ctx.tool.version}` : 'MobSec')}.</p>
<p><strong>${state.blocking.length === 0 ? 'Ready: every item passes, is signed off or does not apply.' : `Not ready: ${state.blocking.length} of ${state.items.length} items block the release.`}</strong> ${h(countsText(state.counts))}.</p>
<table><thead><tr><th>Section</th><th>Status</th></tr></thead><tbody>
${state.sections.map((s) => `<tr><td>${h(s.section.title)}</td><td>${h(countsText(s.counts))}</td></tr>`).join('\n')}
</tbody></table>
${state.sections.map((sec) => `<h2>${h(sec.section.title)}</h2>\n<table><thead><tr><th>Item</th><th>Kind</th><th>Status</th><th>Evidence and sign-off</th></tr></thead><tbody>\n${rows(sec.items)}\n</tbody></table>`).join('\n')}
</body>
</html>
`;
}
