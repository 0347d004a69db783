import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Rule fixtures: test/fixtures/rules/<rule-id>/<path inside a project>.
 * Files carry Semgrep-style annotations in comments on the line(s) above
 * the code they describe:
 *
 *   // ruleid: cleartext-url-literal     the next code line must be flagged by this rule
 *   // ok: cleartext-url-literal         the next code line must not be
 *
 * (`<!-- ruleid: … -->` in XML and plists, `# ruleid: …` in YAML/.env/Gradle
 * properties). The fixture's path relative to its rule folder is analysed as
 * if it were at /project/<that path>, so file kinds and test-folder rules
 * apply as in a real app; the rule folder is the project root.
 */
export interface Expectation {
	ruleId: string;
	/** 0-based line of the code the annotation describes. */
	line: number;
	kind: 'ruleid' | 'ok';
}

const ANNOTATION = /(?:\/\/|#|<!--|\/\*)\s*(ruleid|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export function parseExpectations(text: string): Expectation[] {
	const lines = text.split(/\r?\n/);
	const out: Expectation[] = [];
	for (let i = 0; i < lines.length; i++) {
		const m = ANNOTATION.exec(lines[i]!);
		if (!m) continue;
		let target = i + 1;
		while (target < lines.length && ANNOTATION.test(lines[target]!)) target++;
		for (const id of m[2]!.split(/\s*,\s*/)) out.push({ ruleId: id, line: target, kind: m[1] as 'ruleid' | 'ok' });
	}
	return out;
}

export interface FixtureFile {
	ruleDir: string;
	ruleId: string;
	abs: string;
	/** Path inside the fixture project, forward slashes. */
	rel: string;
	virtualPath: string;
	text: string;
	expectations: Expectation[];
}

export function listRuleFixtures(root: string): Map<string, FixtureFile[]> {
	const out = new Map<string, FixtureFile[]>();
	if (!fs.existsSync(root)) return out;
	for (const ruleId of fs.readdirSync(root).sort()) {
		const ruleDir = path.join(root, ruleId);
		if (!fs.statSync(ruleDir).isDirectory()) continue;
		const files: FixtureFile[] = [];
		for (const f of fs.readdirSync(ruleDir, { recursive: true }).map(String).sort()) {
			const abs = path.join(ruleDir, f);
			if (!fs.statSync(abs).isFile()) continue;
			const rel = f.split(path.sep).join('/');
			const text = fs.readFileSync(abs, 'utf8');
			files.push({ ruleDir, ruleId, abs, rel, virtualPath: `/project/${rel}`, text, expectations: parseExpectations(text) });
		}
		out.set(ruleId, files);
	}
	return out;
}
