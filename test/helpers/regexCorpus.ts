import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** One regular expression found in the sources. */
export interface SourceRegex {
	/** Repository-relative path, forward slashes. */
	file: string;
	/** 1-based line. */
	line: number;
	source: string;
	flags: string;
	/**
	 * How it was written: a literal; `new RegExp(...)` / `RegExp(...)` with literal arguments; or a
	 * template literal whose `${…}` parts were replaced by a plain word (the shape that is checked:
	 * the substitutions are names and literals escaped at run time).
	 */
	form: 'literal' | 'constructor' | 'template';
	/**
	 * Set by a `redos-bounded(N): why` comment on the line or in the three lines above: the pattern
	 * is only ever applied to inputs of at most N characters, so a polynomial worst case is bounded.
	 */
	bound?: number;
	/** Applied to a whole file's text (global or multiline flag, or called on `text` / `code`): tested with maxFileSize inputs. */
	wholeText: boolean;
}

/** A `new RegExp(...)` whose pattern is computed at run time (cannot be checked statically). */
export interface DynamicRegex {
	file: string;
	line: number;
	text: string;
}

/** Word substituted for `${…}` in template-literal patterns. */
export const TEMPLATE_WORD = 'abc';

function listTs(dir: string): string[] {
	const out: string[] = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const abs = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...listTs(abs));
		else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(abs);
	}
	return out;
}

/** The value of a string expression made only of literals (`'a'`, `` `b` ``, `'a' + 'b'`), else undefined. */
function literalString(n: ts.Expression): string | undefined {
	if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
	if (ts.isParenthesizedExpression(n)) return literalString(n.expression);
	if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
		const l = literalString(n.left);
		const r = literalString(n.right);
		return l !== undefined && r !== undefined ? l + r : undefined;
	}
	return undefined;
}

/**
 * Every regular expression in the TypeScript sources under `dirs`, collected with the
 * TypeScript compiler API (so a new rule's patterns are picked up without a list to keep):
 * regex literals, and `new RegExp(...)` / `RegExp(...)` whose arguments are literal strings.
 * Constructors with computed patterns come back in `dynamic`.
 */
export function collectRegexes(root: string, dirs: string[]): { regexes: SourceRegex[]; dynamic: DynamicRegex[] } {
	const regexes: SourceRegex[] = [];
	const dynamic: DynamicRegex[] = [];
	for (const dir of dirs) {
		for (const abs of listTs(path.join(root, dir))) {
			const file = path.relative(root, abs).split(path.sep).join('/');
			const sf = ts.createSourceFile(abs, fs.readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true);
			const lines = sf.text.split('\n');
			const lineOf = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
			const boundAt = (line: number): number | undefined => {
				for (let l = line; l >= Math.max(1, line - 3); l--) {
					const m = /redos-bounded\((\d+)\)/.exec(lines[l - 1] ?? '');
					if (m) return Number(m[1]);
				}
				return undefined;
			};
			// `re.test(text)`, `code.match(re)`, `text.replace(re, …)`: the pattern sees a file's text.
			const onText = (n: ts.Node): boolean => {
				const call = ts.isCallExpression(n.parent) ? n.parent : ts.isPropertyAccessExpression(n.parent) && ts.isCallExpression(n.parent.parent) ? n.parent.parent : undefined;
				if (!call) return false;
				const subject = call.expression === n.parent ? call.arguments[0] : ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
				return subject !== undefined && /^(text|code|ctx\.file\.text|this\.text|stripped)$/.test(subject.getText(sf));
			};
			const add = (n: ts.Node, source: string, flags: string, form: SourceRegex['form']): void => {
				const line = lineOf(n);
				const r: SourceRegex = { file, line, source, flags, form, wholeText: /[gm]/.test(flags) || onText(n) };
				const bound = boundAt(line);
				if (bound !== undefined) r.bound = bound;
				regexes.push(r);
			};
			const visit = (n: ts.Node): void => {
				if (ts.isRegularExpressionLiteral(n)) {
					const text = n.text;
					const slash = text.lastIndexOf('/');
					add(n, text.slice(1, slash), text.slice(slash + 1), 'literal');
				} else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
					const args = n.arguments ?? [];
					const src = args[0] ? literalString(args[0]) : undefined;
					const flags = args[1] ? literalString(args[1]) : '';
					if (src !== undefined && flags !== undefined) add(n, src, flags, 'constructor');
					else if (args[0] && ts.isTemplateExpression(args[0]) && flags !== undefined) {
						const t = args[0];
						add(n, t.head.text + t.templateSpans.map((sp) => TEMPLATE_WORD + sp.literal.text).join(''), flags, 'template');
					} else if (args[0]) dynamic.push({ file, line: lineOf(n), text: n.getText(sf).slice(0, 160) });
				}
				ts.forEachChild(n, visit);
			};
			visit(sf);
		}
	}
	return { regexes, dynamic };
}
