#!/usr/bin/env node
// The logic of the MobSec GitHub Action (action.yml at the repository root), one subcommand per step:
//
//   run.mjs scan     mobsec scan → SARIF file; outputs sarif-file, findings, hidden, result
//                    (passed/failed by fail-on); annotations and a job summary. Exits 0 unless
//                    MobSec itself failed (exit 2), so the SARIF upload and the gate still run.
//   run.mjs gate     mobsec checklist --gate, its Markdown report appended to the job summary.
//   run.mjs finish   fails the job when the scan's result is "failed".
//
// Inputs come as environment variables (MOBSEC_*), set by action.yml from the action's inputs,
// never spliced into a shell command; mobsec runs as a child process with an argument array.
// MOBSEC_CLI (a path to cli.js) replaces `npx --yes mobsec@<version>`, for tests and for running
// a local build. Node 20+ (GitHub-hosted runners have it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const env = process.env;
const ANNOTATION_LIMIT = 50;
const FAIL_ON = ['error', 'warning', 'note', 'never'];

class InputError extends Error {}

function input(name, fallback = '') {
	const v = env[name];
	return v === undefined || v.trim() === '' ? fallback : v.trim();
}

/** `paths`: one per line when there are several lines, else separated by spaces. */
export function parsePaths(raw) {
	const text = raw.trim();
	if (text === '') return ['.'];
	const items = text.includes('\n') ? text.split(/\r?\n/) : text.split(/\s+/);
	return items.map((s) => s.trim()).filter(Boolean);
}

function mobsecCommand() {
	if (env.MOBSEC_CLI) return [process.execPath, [path.resolve(env.MOBSEC_CLI)]];
	const version = input('MOBSEC_VERSION', 'latest');
	if (!/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(version)) throw new InputError(`version must be an npm version or tag, got "${version}"`);
	return ['npx', ['--yes', `mobsec@${version}`]];
}

function mobsec(args) {
	const [cmd, pre] = mobsecCommand();
	console.log(`[command]mobsec ${args.join(' ')}`);
	const r = spawnSync(cmd, [...pre, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, FORCE_COLOR: '0' } });
	if (r.error) throw new Error(`could not start ${cmd}: ${r.error.message}`);
	return r.status ?? 2;
}

function setOutput(name, value) {
	if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, `${name}=${String(value).replace(/[\r\n]+/g, ' ')}\n`);
}

function summary(markdown) {
	if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, markdown.endsWith('\n') ? markdown : markdown + '\n');
}

/** Workflow-command escaping (https://github.com/actions/toolkit, command.ts). */
const escData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s) => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const mdCell = (s) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function scanArgs() {
	const failOn = input('MOBSEC_FAIL_ON', 'error');
	if (!FAIL_ON.includes(failOn)) throw new InputError(`fail-on must be one of ${FAIL_ON.join(', ')}, got "${failOn}"`);
	const sarif = input('MOBSEC_SARIF_FILE', 'mobsec.sarif');
	const args = ['scan', ...parsePaths(env.MOBSEC_PATHS ?? '.'), '--format', 'sarif', '--output', sarif, '--fail-on', failOn];
	const since = input('MOBSEC_CHANGED_SINCE');
	if (since) args.push('--changed-since', since);
	const baseline = input('MOBSEC_BASELINE', 'true');
	if (baseline === 'false') args.push('--no-baseline');
	else if (baseline !== 'true') args.push('--baseline', baseline);
	return { args, sarif, failOn };
}

function scan() {
	const { args, sarif, failOn } = scanArgs();
	const code = mobsec(args);
	if (code !== 0 && code !== 1) {
		console.log(`::error title=MobSec::mobsec scan failed (exit ${code}); see the messages above`);
		return 2;
	}
	let results = [];
	let hidden = 0;
	let baselineApplied = false;
	try {
		const log = JSON.parse(fs.readFileSync(sarif, 'utf8'));
		results = log.runs?.[0]?.results ?? [];
		hidden = log.runs?.[0]?.properties?.baseline?.hidden ?? 0;
		baselineApplied = log.runs?.[0]?.properties?.baseline !== undefined;
	} catch (e) {
		console.log(`::error title=MobSec::cannot read the SARIF report ${sarif}: ${escData(e.message)}`);
		return 2;
	}
	const result = code === 1 ? 'failed' : 'passed';
	setOutput('sarif-file', sarif);
	setOutput('findings', results.length);
	setOutput('hidden', hidden);
	setOutput('result', result);

	// Annotations on the changed lines (also without code scanning), the most severe first.
	const order = { error: 0, warning: 1, note: 2, none: 3 };
	const sorted = [...results].sort((a, b) => (order[a.level] ?? 3) - (order[b.level] ?? 3));
	for (const r of sorted.slice(0, ANNOTATION_LIMIT)) {
		const loc = r.locations?.[0]?.physicalLocation;
		const file = loc?.artifactLocation?.uri ? decodeURI(loc.artifactLocation.uri) : undefined;
		const kind = r.level === 'error' ? 'error' : r.level === 'warning' ? 'warning' : 'notice';
		const props = [`title=${escProp(`MobSec ${r.ruleId}`)}`];
		if (file) props.push(`file=${escProp(file)}`);
		if (loc?.region?.startLine) props.push(`line=${loc.region.startLine}`, `endLine=${loc.region.endLine ?? loc.region.startLine}`);
		if (loc?.region?.startColumn && (loc.region.endLine ?? loc.region.startLine) === loc.region.startLine) props.push(`col=${loc.region.startColumn}`, `endColumn=${loc.region.endColumn ?? loc.region.startColumn}`);
		console.log(`::${kind} ${props.join(',')}::${escData(r.message?.text ?? r.ruleId)}`);
	}
	if (results.length > ANNOTATION_LIMIT) console.log(`(${results.length - ANNOTATION_LIMIT} more findings are in ${sarif})`);

	const lines = ['## MobSec', ''];
	const scope = input('MOBSEC_CHANGED_SINCE') ? ` in files changed since \`${input('MOBSEC_CHANGED_SINCE')}\`` : '';
	lines.push(`${results.length === 0 ? 'No' : `**${results.length}**`} ${baselineApplied ? 'new ' : ''}finding${results.length === 1 ? '' : 's'}${scope}${hidden ? `; ${hidden} baselined finding${hidden === 1 ? '' : 's'} hidden` : ''}. Fail on: \`${failOn}\` — **${result}**.`);
	if (results.length) {
		lines.push('', '| level | rule | where | message |', '| --- | --- | --- | --- |');
		for (const r of sorted.slice(0, ANNOTATION_LIMIT)) {
			const loc = r.locations?.[0]?.physicalLocation;
			const where = loc?.artifactLocation?.uri ? `${decodeURI(loc.artifactLocation.uri)}:${loc.region?.startLine ?? 1}` : '';
			lines.push(`| ${r.level} | \`${r.ruleId}\` | ${mdCell(where)} | ${mdCell(r.message?.text ?? '')} |`);
		}
		if (results.length > ANNOTATION_LIMIT) lines.push('', `…and ${results.length - ANNOTATION_LIMIT} more in \`${sarif}\`.`);
	}
	summary(lines.join('\n'));
	return 0;
}

function gate() {
	const report = 'mobsec-checklist.md';
	const code = mobsec(['checklist', '.', '--gate', '--format', 'markdown', '--output', report]);
	if (fs.existsSync(report)) summary(fs.readFileSync(report, 'utf8'));
	if (code === 1) console.log('::error title=MobSec release checklist::the release checklist has blocking items (see the job summary)');
	else if (code !== 0) console.log(`::error title=MobSec release checklist::mobsec checklist failed (exit ${code}); see the messages above`);
	return code;
}

function finish() {
	if (input('MOBSEC_RESULT') !== 'failed') return 0;
	const n = input('MOBSEC_FINDINGS', '?');
	console.log(`::error title=MobSec::${n} finding${n === '1' ? '' : 's'}, at least one at or above fail-on (${input('MOBSEC_FAIL_ON', 'error')}); see the annotations, code scanning or the job summary`);
	return 1;
}

const COMMANDS = { scan, gate, finish };

function main(argv) {
	const cmd = argv[0];
	const fn = COMMANDS[cmd];
	if (!fn) {
		console.error(`usage: run.mjs ${Object.keys(COMMANDS).join('|')}`);
		return 2;
	}
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 20) {
		console.log(`::error title=MobSec::MobSec needs Node.js 20 or later, this runner has ${process.version}; add actions/setup-node before this action`);
		return 2;
	}
	try {
		return fn();
	} catch (e) {
		console.log(`::error title=MobSec::${escData(e instanceof InputError ? `invalid input: ${e.message}` : e.stack ?? e)}`);
		return 2;
	}
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('run.mjs')) process.exitCode = main(process.argv.slice(2));
