/**
 * A scan worker thread (bundled as scan-worker-main.js beside the CLI and
 * the server, with the grammars in ./wasm; its entry is workerEntry.ts). It receives each project
 * model once, then reads and analyses the files it is given; grammars load
 * once per worker, on first use.
 */
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { MobsecSettings } from '../../../common/src/settings';
import { setWasmDir } from '../engine/parse/grammars';
import { getLanguage, initParserRuntime } from '../engine/parse/treeSitter';
import type { ProjectModel } from '../engine/project/model';
import type { FileAnswer, FromWorker, ToWorker } from './protocol';
import { projectFromTransfer } from './projectTransfer';
import { factsShares } from './factsShares';
import { scanFile } from './scanFile';
import { ListClaims } from './listClaims';
import { factsOfFiles, type FileFactsResult } from '../engine/project/projectIndex';
import { AFTER_BATCH } from './bundleLoader';

setWasmDir(path.join(__dirname, 'wasm'));
const projects = new Map<number, { project: ProjectModel; settings: MobsecSettings }>();
const port = parentPort!;
let queue: Promise<void> = Promise.resolve();

port.on('message', (m: ToWorker) => {
	if (m.type === 'project') {
		projects.set(m.key, { project: projectFromTransfer(m.project), settings: m.settings });
		return;
	}
	if (m.type === 'forget') {
		projects.delete(m.key);
		return;
	}
	if (m.type === 'warm') {
		// Not queued: a load in progress is the one the first parse of the grammar awaits (and a failure is that parse's).
		for (const g of m.grammars) getLanguage(g).catch(() => undefined);
		return;
	}
	if (m.type === 'facts') {
		queue = queue.then(() => handleFacts(m));
		return;
	}
	// One file at a time: analyze() awaits (grammar loading, parse budgets) and the
	// engine's parsers and caches are per thread, so interleaved files would share them.
	queue = queue.then(() => handleList(m));
});
// The bundle is loaded (this line runs last): it claims files of the lists the pool sends (it also gets them while loading: they wait in its port).
port.postMessage({ ready: true } satisfies FromWorker);
/*
 * The parser runtime (tree-sitter.wasm: read, compiled, instantiated; ~30-60 ms of this thread's CPU) is
 * loaded now rather than at the first parse: a worker is ready about when the thread that made it has
 * loaded its own bundle, and then waits for it to walk the folders and plan the project model before
 * the first work arrives (a fresh CLI scan of rocketchat-rn: ~100 ms). Nearly every scan parses code;
 * one that does not has spent this on an idle thread. A failure here is the first parse's failure, as
 * before (the promise is kept, and each parse awaits it).
 */
initParserRuntime().catch(() => undefined);

function handleFacts(m: Extract<ToWorker, { type: 'facts' }>): void {
	let reply: FromWorker;
	try {
		const next = new Int32Array(m.next);
		const shares = factsShares(m.items.length, m.split, m.chunk);
		const facts: Array<[number, FileFactsResult[]]> = [];
		for (let c = shares.claim(next, false); c !== undefined; c = shares.claim(next, false)) facts.push([c, factsOfFiles(m.root, m.items.slice(...shares.range(c)))]);
		reply = { id: m.id, facts };
	} catch (e) {
		reply = { id: m.id, error: (e as Error).stack ?? String(e) };
	}
	afterBatch();
	port.postMessage(reply);
}

/**
 * Answers are sent when this many are ready, or when the oldest has waited this long: each message
 * costs both threads a wake-up (~0.3 ms each way on a busy 2-core VM), and the thread that awaits
 * them publishes (the server) or reports progress as they come.
 */
const FLUSH_FILES = 16;
const FLUSH_MS = 20;

/** The files of one list this worker claims (ListClaims), one after the other, answered a few at a time. */
async function handleList(m: Extract<ToWorker, { type: 'list' }>): Promise<void> {
	const claims = new ListClaims(m.queues, m.memory, m.threads, m.anyone);
	let answers: FileAnswer[] = [];
	let helped = 0;
	let since = 0;
	for (let c = claims.claim(m.me); c !== undefined; c = claims.claim(m.me)) {
		const f = m.files[c.index]!;
		if (c.helped) helped++;
		if (answers.length === 0) since = performance.now();
		try {
			const p = projects.get(f.key);
			if (!p) throw new Error(`no project ${f.key}`);
			const profile = f.profile ? new Map<string, number>() : undefined;
			const outcome = await scanFile(f.abs, p.settings, p.project, profile);
			answers.push({ id: f.id, outcome, ...(profile ? { profile: [...profile] } : {}) });
		} catch (e) {
			answers.push({ id: f.id, error: (e as Error).stack ?? String(e) });
		}
		if (answers.length >= FLUSH_FILES || performance.now() - since >= FLUSH_MS) {
			// Before any answers: the CLI may end this thread as soon as it has the last of them.
			afterBatch();
			port.postMessage({ answers, helped } satisfies FromWorker);
			answers = [];
			helped = 0;
		}
	}
	if (answers.length > 0) {
		afterBatch();
		port.postMessage({ answers, helped } satisfies FromWorker);
	}
}

/** The build's code-cache hook (workerEntry.ts); unset in every other run. */
function afterBatch(): void {
	(globalThis as { [AFTER_BATCH]?: () => void })[AFTER_BATCH]?.();
}
