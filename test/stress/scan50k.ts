import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient } from '../helpers/lspClient';
import { generateWorkspace, rssMb } from '../helpers/stressWorkspace';

/**
 * `npm run stress [-- --files N]`: Scan Workspace over a generated workspace of 50,000 files
 * (default) through the real language server over stdio. Measures the duration, samples the
 * server's RSS every 100 ms (must stay at or under 300 MB), checks that progress is reported
 * all along, then scans again and cancels at 30 % (the scan must stop promptly). Exits 1 when a
 * bound is broken. Too long for every `npm test`; test/lsp/stress.test.ts runs 4,000 files.
 */
async function main(): Promise<number> {
	const { values } = parseArgs({ options: { files: { type: 'string', default: '50000' }, keep: { type: 'boolean', default: false } } });
	const files = Number(values.files);
	const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-50k-'));
	const problems: string[] = [];
	let t = Date.now();
	generateWorkspace(ws, files);
	process.stdout.write(`generated ${files} files in ${ws} (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
	const client = new LspClient(path.join(__dirname, '..', 'server', 'out', 'server.js'));
	try {
		await client.initialize(ws);
		const pid = client.pid!;
		let peak = 0;
		const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
		const progress: Array<{ at: number; value: { kind: string; percentage?: number; message?: string } }> = [];
		let cancelAt: number | undefined;
		let cts: CancellationTokenSource | undefined;
		client.connection.onNotification('$/progress', (p: { token: string; value: { kind: string; percentage?: number; message?: string } }) => {
			progress.push({ at: Date.now(), value: p.value });
			if (cancelAt !== undefined && p.value.kind === 'report' && (p.value.percentage ?? 0) >= cancelAt) cts?.cancel();
		});

		// 1. the whole scan
		t = Date.now();
		const full = await client.connection.sendRequest<{ files: number; findings: number; skipped: number; cancelled: boolean; durationMs: number }>('mobsec/scanWorkspace', { workDoneToken: 'full' });
		const ms = Date.now() - t;
		const reports = progress.filter((p) => p.value.kind === 'report');
		let maxGap = 0;
		for (let i = 1; i < progress.length; i++) maxGap = Math.max(maxGap, progress[i]!.at - progress[i - 1]!.at);
		process.stdout.write(`full scan: ${full.files} files, ${full.findings} findings, ${full.skipped} skipped in ${(ms / 1000).toFixed(1)} s (server: ${(full.durationMs / 1000).toFixed(1)} s); ${reports.length} progress reports, longest gap ${maxGap} ms; peak RSS ${peak} MB\n`);
		if (peak > 300) problems.push(`peak RSS ${peak} MB > 300 MB`);
		if (full.cancelled || full.files < files) problems.push(`scanned ${full.files} of ${files} files`);
		if (maxGap > 10_000) problems.push(`no progress for ${maxGap} ms`);

		// 2. cancelled at 30 %
		progress.length = 0;
		cancelAt = 30;
		cts = new CancellationTokenSource();
		t = Date.now();
		const cancelled = await client.connection.sendRequest<{ files: number; cancelled: boolean }>('mobsec/scanWorkspace', { workDoneToken: 'cancel' }, cts.token);
		const asked = progress.find((p) => p.value.kind === 'report' && (p.value.percentage ?? 0) >= 30)?.at ?? t;
		const stoppedMs = Date.now() - asked;
		process.stdout.write(`cancelled scan: stopped after ${cancelled.files} files, ${stoppedMs} ms after the cancel; peak RSS ${peak} MB\n`);
		if (!cancelled.cancelled) problems.push('the second scan was not cancelled');
		if (stoppedMs > 5_000) problems.push(`the scan took ${stoppedMs} ms to stop after the cancel`);
		if (progress[progress.length - 1]?.value.kind !== 'end') problems.push('no progress end after the cancel');
		clearInterval(sampler);
	} finally {
		await client.stop();
		if (!values.keep) fs.rmSync(ws, { recursive: true, force: true });
	}
	for (const p of problems) process.stdout.write(`FAIL ${p}\n`);
	return problems.length ? 1 : 0;
}

main().then((c) => (process.exitCode = c), (e: unknown) => {
	process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
	process.exitCode = 2;
});
