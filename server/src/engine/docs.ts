import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let docsDir: string | undefined;

/**
 * docs/rules/ of the installed extension or the repository: bundles sit one
 * (out/) or two (server/out/) folders below the root, sources deeper.
 */
function findDocsDir(): string {
	if (docsDir) return docsDir;
	let dir = __dirname;
	for (let i = 0; i < 6; i++) {
		const candidate = path.join(dir, 'docs', 'rules');
		if (fs.existsSync(candidate)) return (docsDir = candidate);
		dir = path.dirname(dir);
	}
	return (docsDir = path.resolve(__dirname, '..', '..', 'docs', 'rules'));
}

export function ruleDocsPath(ruleId: string): string {
	return path.join(findDocsDir(), `${ruleId}.md`);
}

export function ruleDocsUri(ruleId: string): string {
	return pathToFileURL(ruleDocsPath(ruleId)).toString();
}
