import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { setWasmDir } from '../../server/src/engine/parse/grammars';
import { fuzz } from './harness';
import { REPO_ROOT } from '../helpers/paths';

/**
 * `npm run fuzz [--seconds N] [--seed S] [--budget MS]` (with or without `--`): the long fuzz run. Mutates the example
 * app's files and every rule fixture and checks the properties of test/fuzz/harness.ts for N
 * seconds (default 300). Each failing case is written to test-output/fuzz/ (the text, and a JSON
 * file with the seed file, the mutators and the problems); the seed printed first reproduces
 * the run. A crash found here becomes a regression fixture in test/fixtures/fuzz/ (see its README).
 */
async function main(): Promise<number> {
	const { values } = parseArgs({ options: { seconds: { type: 'string' }, seed: { type: 'string' }, budget: { type: 'string' } } });
	setWasmDir(path.join(__dirname, 'wasm'));
	// `npm run fuzz --seconds 600` (without `--`) reaches the script as npm config: read that too.
	const env = process.env;
	const seedArg = values.seed ?? env.npm_config_seed;
	const seed = seedArg !== undefined ? Number(seedArg) : crypto.randomInt(2 ** 31);
	const seconds = Number(values.seconds ?? env.npm_config_seconds ?? 300);
	const budgetMs = Number(values.budget ?? env.npm_config_budget ?? 2000);
	if (![seed, seconds, budgetMs].every(Number.isFinite)) throw new Error('--seconds, --seed and --budget take numbers');
	process.stdout.write(`mobsec fuzz: seed ${seed}, ${seconds} s, budget ${budgetMs} ms per file\n`);
	const unhandled: string[] = [];
	process.on('unhandledRejection', (e) => unhandled.push(String((e as Error)?.stack ?? e)));
	let last = 0;
	const r = await fuzz({
		seed,
		seconds,
		check: { budgetMs, slackMs: 3000, maxFixes: 4 },
		onCase: (n) => {
			if (Date.now() - last < 1000) return;
			last = Date.now();
			process.stderr.write(`\r${n} cases`);
		},
	});
	process.stderr.write('\n');
	const outDir = path.join(REPO_ROOT, 'test-output', 'fuzz');
	for (const f of r.failures) {
		const id = crypto.createHash('sha256').update(f.text).digest('hex').slice(0, 12);
		fs.mkdirSync(outDir, { recursive: true });
		const ext = path.extname(f.path) || '.txt';
		fs.writeFileSync(path.join(outDir, `${id}${ext}`), f.text);
		fs.writeFileSync(path.join(outDir, `${id}.case.json`), JSON.stringify({ analysedAs: f.path, from: f.seed, mutators: f.steps, problems: f.problems }, null, 2) + '\n');
		process.stdout.write(`FAIL ${f.seed} after ${f.steps.join(' + ')}: ${f.problems[0]}${f.problems.length > 1 ? ` (+${f.problems.length - 1})` : ''} -> test-output/fuzz/${id}${ext}\n`);
	}
	for (const u of unhandled) process.stdout.write(`unhandled rejection: ${u}\n`);
	process.stdout.write(`${r.cases} cases, ${r.failures.length} failing${unhandled.length ? `, ${unhandled.length} unhandled rejection(s)` : ''} (seed ${seed})\n`);
	return r.failures.length + unhandled.length > 0 ? 1 : 0;
}

main().then((c) => (process.exitCode = c), (e: unknown) => {
	process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
	process.exitCode = 2;
});
