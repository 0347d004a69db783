import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Severity } from '../../common/src/severity';
import { analyze } from '../../server/src/engine/analyze';
import { gatherProject } from '../../server/src/engine/project/gather';
import { RULES_BY_ID } from '../../server/src/engine/rules/registry';
import { categoryOf, RULE_CATEGORY } from './categories';
import { commentStyleFor, type Label, parseLabels } from './labels';
import { type EvalFile, type EvalFinding, languageOf, type ScoreContext } from './score';

/** One file of the suite: `<project>/<path inside the project>`. */
export interface SuiteFile extends EvalFile {
	project: string;
	/** Path inside its project, forward slashes. */
	rel: string;
	/** The text the engine sees (labels blanked). */
	text: string;
}

export interface Suite {
	dir: string;
	projects: string[];
	files: SuiteFile[];
	errors: string[];
}

export const scoreContext: ScoreContext = {
	categoryOf,
	defaultSeverity(ruleId: string): Severity {
		return RULES_BY_ID.get(ruleId)?.severity ?? RULE_CATEGORY[ruleId]?.catalogSeverity ?? 'warning';
	},
};

function listFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => path.join(e.parentPath, e.name))
		.sort();
}

/** Every project folder under the suite and every file in it, labels parsed and checked. */
export function loadSuite(dir: string): Suite {
	const projects = fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((e) => e.isDirectory())
		.map((e) => e.name)
		.sort();
	const files: SuiteFile[] = [];
	const errors: string[] = [];
	for (const project of projects) {
		for (const abs of listFiles(path.join(dir, project))) {
			const rel = path.relative(path.join(dir, project), abs).split(path.sep).join('/');
			const file = `${project}/${rel}`;
			const raw = fs.readFileSync(abs, 'utf8');
			const parsed = parseLabels(raw, commentStyleFor(rel), file);
			errors.push(...parsed.errors, ...validateLabels(file, parsed.labels));
			files.push({ project, rel, file, language: languageOf(rel), labels: parsed.labels, text: parsed.text });
		}
	}
	return { dir, projects, files, errors };
}

/** Label ids must be known to the category map, and the alternatives of one alert must share a category. */
export function validateLabels(file: string, labels: readonly Label[]): string[] {
	const errors: string[] = [];
	for (const l of labels) {
		const unknownNotes = l.notes.filter((id) => !RULE_CATEGORY[id]);
		if (unknownNotes.length) errors.push(`${file}:${l.line + 1}: rule id not in test/eval/categories.ts: ${unknownNotes.join(', ')}`);
		for (const g of l.groups) {
			const unknown = g.filter((id) => !RULE_CATEGORY[id]);
			if (unknown.length) errors.push(`${file}:${l.line + 1}: rule id not in test/eval/categories.ts: ${unknown.join(', ')}`);
			else if (new Set(g.map((id) => RULE_CATEGORY[id]!.category)).size > 1) errors.push(`${file}:${l.line + 1}: alternatives ${g.join('|')} are in different categories`);
		}
	}
	return errors;
}

export interface AnalysisOutcome {
	findings: EvalFinding[];
	/** Files the engine skipped, with its reason (test paths, unknown kinds…). */
	notAnalysed: { file: string; reason: string }[];
	notes: { file: string; note: string }[];
	ms: number;
}

/**
 * Analyse the suite with the real engine. The label-free texts are written to
 * a fresh temp folder (outside any `test/` path, which the engine would skip
 * as test code) so the project model and the analysis read the same files,
 * at real paths, as a scan of a user's project would.
 */
export async function analyseSuite(suite: Suite): Promise<AnalysisOutcome> {
	const t0 = performance.now();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-eval-'));
	const out: AnalysisOutcome = { findings: [], notAnalysed: [], notes: [], ms: 0 };
	try {
		for (const f of suite.files) {
			const abs = path.join(tmp, f.project, f.rel);
			fs.mkdirSync(path.dirname(abs), { recursive: true });
			fs.writeFileSync(abs, f.text);
		}
		for (const project of suite.projects) {
			const root = path.join(tmp, project);
			const model = gatherProject(root);
			for (const f of suite.files.filter((x) => x.project === project)) {
				// A generous parse budget: the measure must not depend on how busy the machine is.
				const r = await analyze(path.join(root, f.rel), f.text, { project: model, parseBudgetMs: 30_000 });
				if (r.skipped) out.notAnalysed.push({ file: f.file, reason: r.skipped });
				for (const n of r.notes) out.notes.push({ file: f.file, note: n });
				for (const x of r.findings) out.findings.push({ file: f.file, line: x.range.start.line, ruleId: x.ruleId, severity: x.severity, message: x.message });
			}
		}
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	out.ms = performance.now() - t0;
	return out;
}
