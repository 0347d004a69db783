import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { changedFilesResolver, gitHead } from '../../../common/src/checklistModel/git';
import { ChecklistFinding, checklistJson, ChecklistStore, computeChecklist, DEFAULT_CHECKLIST_PATH, emptyStore, formatProblem, parseChecklistFile, renderMarkdown, renderText } from '../../../common/src/checklistModel';
import { toPosix } from '../engine/files';
import { ALL_RULE_META } from '../engine/rules/registry';
import { runScan } from './scanRunner';
import { VERSION } from './version';
import { fail, FILTER_OPTIONS, filterFlags, writeOutput } from './options';
import { cliSettings, resolveProject } from './project';

export const CHECKLIST_HELP = `Usage: mobsec checklist [path] [options]

Scan the project at path (default: .) and print the release checklist: every item of the
guideline with its status from the findings and the team's sign-offs (.mobsec/checklist.json).

Options:
  -f, --format text|json|markdown    output format (default: text)
  -o, --output FILE                  write the report to FILE instead of stdout
      --gate                         exit 1 when an auto item fails or another item lacks a current sign-off
      --file FILE                    sign-off file (default: <path>/${DEFAULT_CHECKLIST_PATH})
      --exclude GLOB                 skip matching paths (repeatable)
      --include GLOB                 analyse only matching paths (repeatable)
      --include-tests                also analyse test sources
      --rule ID=LEVEL                set a rule's level: error|warning|info|hint|off (repeatable)

The project's .mobsec/config.json applies (flags override it); .mobsec/baseline.json does not:
baselined findings still count for the checklist.

Exit codes: 0 (or gate passed), 1 gate failed, 2 usage error or unreadable/invalid sign-off file.
`;


/** Read and validate the sign-off file; a missing default file is an empty checklist, anything broken is an error (exit 2). */
export function loadStore(file: string, explicit: boolean): { store: ChecklistStore; warnings: string[] } {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return { store: emptyStore(), warnings: [] };
		fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
	}
	const r = parseChecklistFile(text);
	const shown = toPosix(path.relative(process.cwd(), file)) || file;
	if (!r.ok) fail(`invalid sign-off file (fix it by hand or restore it from git; nothing was changed):\n${r.errors.map((e) => `  ${formatProblem(e, shown)}`).join('\n')}`);
	return { store: r.store, warnings: r.warnings.map((w) => formatProblem(w, shown)) };
}

export async function checklistCommand(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			format: { type: 'string', short: 'f', default: 'text' },
			output: { type: 'string', short: 'o' },
			gate: { type: 'boolean', default: false },
			file: { type: 'string' },
			...FILTER_OPTIONS,
			'no-color': { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
	if (values.help) {
		process.stdout.write(CHECKLIST_HELP);
		return 0;
	}
	const format = values.format!;
	if (!['text', 'json', 'markdown'].includes(format)) fail(`unknown --format "${format}" (expected text, json or markdown)`);
	if (positionals.length > 1) fail(`checklist takes one project folder, got ${positionals.length} paths`);
	const rootArg = positionals[0] ?? '.';
	const root = path.resolve(rootArg);
	let st: fs.Stats;
	try {
		st = fs.statSync(root);
	} catch {
		fail(`cannot read ${rootArg}: no such file or directory`);
	}
	if (!st.isDirectory()) fail(`${rootArg} is not a folder (checklist needs the project's root folder)`);
	// The project's .mobsec/config.json applies as in the editor, so the gate sees the view's evidence.
	// The baseline does not: it hides findings from scans, not from the release checklist.
	const settings = cliSettings(resolveProject([root]), filterFlags(values));

	const file = values.file !== undefined ? path.resolve(values.file) : path.join(root, DEFAULT_CHECKLIST_PATH);
	const { store, warnings } = loadStore(file, values.file !== undefined);
	for (const w of warnings) process.stderr.write(`mobsec: warning: ${w}\n`);

	const report = await runScan([root], settings);
	const findings: ChecklistFinding[] = report.files.flatMap((f) =>
		f.findings.map((x) => ({ ruleId: x.ruleId, file: toPosix(path.relative(root, f.abs)), line: x.range.start.line, character: x.range.start.character, severity: x.severity, message: x.message })),
	);
	const [head, changedFilesSince] = await Promise.all([gitHead(root), changedFilesResolver(root, Object.values(store.items).map((r) => r.commit))]);
	const state = computeChecklist({ findings, store, implementedRules: ALL_RULE_META.map((m) => m.id), changedFilesSince });
	const project = toPosix(path.relative(process.cwd(), root)) || path.basename(root);
	const ctx = { project, generatedAt: new Date().toISOString(), tool: { name: 'mobsec', version: VERSION }, ...(head ? { commit: head } : {}) };
	const output = format === 'json' ? JSON.stringify(checklistJson(state, ctx), null, 2) + '\n' : format === 'markdown' ? renderMarkdown(state, ctx) : renderText(state, ctx, { gate: values.gate! });
	if (values.output) {
		writeOutput(values.output, output);
		process.stderr.write(`mobsec: checklist written to ${values.output}\n`);
	} else {
		process.stdout.write(output);
	}
	if (!values.gate) return 0;
	if (format !== 'text') {
		// The text format prints the gate itself; keep json/markdown on stdout clean and say it on stderr.
		process.stderr.write(state.blocking.length ? `mobsec: checklist gate FAILED: ${state.blocking.map((b) => b.item.id).join(', ')}\n` : 'mobsec: checklist gate passed\n');
	}
	return state.blocking.length ? 1 : 0;
}
