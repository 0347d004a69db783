import * as path from 'node:path';
import { AFTER_BATCH, loadBundle, writingCodeCache } from './bundleLoader';

/*
 * A scan worker's entry (scan-worker.js beside the CLI and the server, a few KB): loads the worker's
 * bundle (scan-worker-main.js, built from worker.ts) from the code cache the build wrote beside it when
 * that is valid (bundleLoader.ts), else as `require` would.
 */
const bundle = loadBundle(path.join(__dirname, 'scan-worker-main.js'));
// The build's warm-up scan: a worker is stopped without running any more code, so it keeps what it has
// compiled after each batch of work it answers (worker.ts calls this before posting the answer).
if (writingCodeCache()) (globalThis as { [AFTER_BATCH]?: () => void })[AFTER_BATCH] = () => bundle.writeCache();
