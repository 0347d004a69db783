/**
 * How the language server's Node process is started, declared once for the extension's client, the
 * protocol tests and the benchmark (so that what is measured is what users run).
 *
 * `--max-semi-space-size=2` (MB): the server's main thread lives on keystrokes, and a keystroke that
 * meets a scavenge waits for it. With V8's default nursery (growing to 16 MB) a scavenge came every
 * ~30 keystrokes on a 100 KB file and took 7-24 ms, which set the edit p95. With 2 MB they come every
 * few keystrokes and take 1-4 ms. Measured on the real apps' largest files, 4 alternated runs, median
 * p95 (`npm run bench -- --real --only edit`): Kotlin 18.4 → 14.2 ms, Java 23.4 → 18.3, TSX 19.6 →
 * 13.1, Dart 21.5 → 16.1, Swift 16.0 → 9.8; p50 unchanged, the first analysis within ±10%. 3 MB
 * was in between. Scan Workspace's worker threads set their own young generation (scan/spawnWorker.ts).
 * The flag is a start-up one: V8 sizes the heap when the isolate is made, so the server cannot set it
 * for itself.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2'];
