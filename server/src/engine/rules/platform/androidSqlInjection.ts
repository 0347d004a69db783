import type { FileKind } from '../../files';
import type { Evidence, Rule, RuleContext } from '../../types';
import { type Flow, flowOf, type FlowValue, type Hole, type Origin, type SinkArg, type SinkHit, type SinkKind } from '../../flow';
import { maySinkTo } from '../shared/sinkGate';
import { safeShow } from '../storage/common';
import { bindFix } from './sqlBindFix';

/**
 * `android-sql-injection` (catalog: Android Kotlin/Java). SQL text handed to
 * SQLiteDatabase / SupportSQLiteDatabase / Room (`rawQuery`, `execSQL`,
 * `compileStatement`, `query` selections and order, `update` / `delete` where
 * clauses, `SimpleSQLiteQuery`, builder selections) that the value-flow layer
 * shows is built from non-constant values: concatenation, templates,
 * `String.format`, `StringBuilder`, through locals, fields and same-file
 * helpers (`flow/models/ipcAndroid.ts` lists the sinks and sources).
 *
 * Evidence: a value another app or the network controls (intent extras,
 * deep-link URI parts, ContentProvider input or rows, HTTP responses) →
 * strong; a non-constant string of unknown origin (a `String` parameter, a
 * value read at runtime) → likely. Not reported: constant SQL (also through
 * constants and helpers), values bound through `selectionArgs` / `bindArgs`
 * (the SQL argument is the only one read), numbers (numeric parameters and
 * extras; `toInt()` / `parseLong` / `ContentUris.parseId` are calls no model
 * carries untrusted data through), results of calls and constants of other
 * classes, parameters named as SQL fragments (`selection`, `whereClause`,
 * `sortOrder`: the SQL comes from the callers), and DDL / PRAGMA statements
 * whose only non-constant parts are of unknown origin (schema code names
 * tables and columns, it does not take user input).
 */

/** Untrusted reads that can only give numbers or booleans. */
const NUMERIC_SOURCE = /^get(?:Int|Long|Short|Byte|Float|Double|Boolean|Char)(?:Array)?Extra$|^getBooleanQueryParameter$/;
/** Strings, and containers of strings (their elements are concatenated: `ids.joinToString()`, `for (id in ids)`). */
const STRING_TYPE = /^(?:String|CharSequence|java\.lang\.String|kotlin\.String|(?:List|MutableList|ArrayList|Set|MutableSet|HashSet|Collection|Iterable|Sequence|Array)<(?:out\s*)?String\??>|String\[\]|String\.\.\.)\??$/;
/**
 * Parameters whose name says they hold SQL, not a value (`selection`, `whereClause`, `sortOrder`,
 * `selectionSet`): helpers that take SQL from their callers; whether it is built safely is the callers'
 * question, and the callers are where a finding belongs.
 */
const SQL_FRAGMENT_NAME = /(?:selection|where|clause|sql|sortorder|orderby|groupby|having|condition|projection|fragment|predicate|placeholder|columns|statement)/i;
const DDL = /^\s*(?:CREATE|ALTER|DROP|PRAGMA|ANALYZE|VACUUM|REINDEX|ATTACH|DETACH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
/** Facts that say another party controls the value. */
const ATTACKER = new Set(['untrusted', 'network-response']);

interface Judgement {
	evidence: Evidence;
	/** Human description of the non-constant part. */
	what: string;
	origin?: Origin;
	hole?: Hole;
}

function holeText(ctx: RuleContext, h: Hole): string {
	return ctx.file.text.slice(h.start, h.end).replace(/\s+/g, ' ').trim();
}

/**
 * A part the flow layer could not resolve that is a non-constant string of its own: a `String`
 * parameter without callers in the file (the value its callers pass), not named as an SQL fragment.
 * Results of calls no model knows, fields and constants of other classes, untyped lambda parameters,
 * `return` / `throw` branches are not (they are overwhelmingly column lists, constants and SQL
 * builders in real code; silence is preferred to a guess).
 */
export function suspiciousHole(h: Hole): boolean {
	if (h.start === h.end) return false;
	if (h.why !== 'parameter' && h.why !== 'depth') return false;
	if (!h.type || !STRING_TYPE.test(h.type.replace(/\s+/g, ''))) return false;
	return !SQL_FRAGMENT_NAME.test(h.name ?? '');
}

function judge(ctx: RuleContext, flow: Flow, v: FlowValue): Judgement | undefined {
	const attacker = v.origins.find((o) => ATTACKER.has(o.fact.kind) && !NUMERIC_SOURCE.test(o.fact.name ?? ''));
	if (attacker) return { evidence: 'strong', what: `${attacker.fact.label} (line ${flow.state.line(attacker.start)})`, origin: attacker };
	// Concatenation only: an SQL string passed through from elsewhere is the caller's question.
	const constants = v.origins.filter((o) => o.fact.kind === 'constant');
	if (constants.length === 0) return undefined;
	if (constants.some((o) => DDL.test(o.fact.text ?? ''))) return undefined;
	const runtime = v.origins.find((o) => o.fact.kind === 'runtime-data' || o.fact.kind === 'secret');
	if (runtime) return { evidence: 'likely', what: `${runtime.fact.label} (line ${flow.state.line(runtime.start)})`, origin: runtime };
	const hole = (v.holes ?? []).find(suspiciousHole);
	if (!hole) return undefined;
	const what = hole.why === 'parameter' || hole.why === 'depth' ? `the parameter \`${hole.name ?? holeText(ctx, hole)}\`${hole.type ? ` (${hole.type.replace(/\s+/g, '')})` : ''}` : `\`${safeShow(holeText(ctx, hole), 60)}\``;
	return { evidence: 'likely', what, hole };
}

/** SupportSQLiteDatabase.query(sql[, args]) only: longer `query` calls on a database are table-based and handled by the selection model. */
function sqlTextArg(hit: SinkHit): boolean {
	if (hit.model.id === 'ipc-android.sql-support-query') return (hit.site?.args.length ?? 0) <= 2;
	return true;
}

function argIndexLabel(hit: SinkHit, a: SinkArg): string {
	if (hit.model.id === 'ipc-android.sql-query-selection' || hit.model.id === 'ipc-android.sql-query-distinct') {
		const order = hit.model.id === 'ipc-android.sql-query-selection' ? 6 : 7;
		return a.index === order ? 'the ORDER BY of SQLiteDatabase.query' : 'the selection of SQLiteDatabase.query';
	}
	const method = hit.site?.method ?? hit.model.label;
	return method === 'SimpleSQLiteQuery' ? 'SimpleSQLiteQuery' : `\`${method}\``;
}

const SQL_SINKS: ReadonlySet<SinkKind> = new Set(['sql']);

/**
 * The rule's text gate (RuleMeta.textGate): check() reports only at hits of flow.sinks('sql'), which
 * the flow layer finds only where its search for SQL sink calls matches (maySinkTo). The triggers are
 * far broader: a file that names `SQLiteDatabase` (a parameter type, an import, a migration's
 * signature) without calling rawQuery / execSQL / query … on it has nothing to report.
 */
export function mayRunSql(text: string, kind: FileKind): boolean {
	return maySinkTo(text, kind, SQL_SINKS);
}

export const androidSqlInjection: Rule = {
	meta: {
		id: 'android-sql-injection',
		title: 'SQL built from non-constant values',
		severity: 'warning',
		sections: ['REVIEW'],
		masvs: ['MASVS-CODE-4', 'MASWE-0086'],
		kinds: ['kotlin', 'java'],
		textGate: mayRunSql,
		triggers: ['rawQuery', 'execSQL', 'compileStatement', 'SQLiteQuery', 'SQLiteDatabase', 'SQLiteQueryBuilder', 'RoomDatabase', 'readableDatabase', 'writableDatabase', 'ReadableDatabase', 'WritableDatabase'],
		why: 'SQL text concatenated from values lets whoever controls a value change the statement: read other rows (another account\'s messages), bypass a WHERE clause, or modify and drop data. In a ContentProvider or a component other apps can reach, that is any app on the device; with deep links, any web page.',
		fix: 'Keep the SQL constant and pass values as arguments: `?` placeholders with selectionArgs / bindArgs (rawQuery(sql, arrayOf(id)), execSQL(sql, arrayOf(x)), SimpleSQLiteQuery(sql, args)), or Room @Query methods with parameters. Identifiers (ORDER BY column, table names) cannot be bound: choose them from a fixed allow-list.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		const done = new Set<string>();
		for (const hit of flow.sinks('sql')) {
			if (!sqlTextArg(hit)) continue;
			for (const a of hit.args) {
				const key = `${a.start}:${a.end}`;
				if (done.has(key)) continue;
				const v = flow.valueOf(a, { maxCallDepth: 4 });
				const j = judge(ctx, flow, v);
				if (!j) continue;
				done.add(key);
				const where = argIndexLabel(hit, a);
				const message =
					j.evidence === 'strong'
						? `SQL built from ${j.what} reaches ${where}${flow.through(j.origin!).map((n) => ` through \`${n}\``).join('')}: whoever sends it can rewrite the statement. Keep the SQL constant and bind the value with a \`?\` placeholder and selectionArgs / bindArgs.`
						: `SQL text for ${where} is built from ${j.what}, a non-constant value: if it ever carries user or external input it can rewrite the statement. Keep the SQL constant and bind the value with a \`?\` placeholder and selectionArgs / bindArgs.`;
				const related = j.origin ? flow.related(j.origin) : j.hole ? [{ start: j.hole.start, end: j.hole.end, message: `non-constant part: ${j.what}` }] : [];
				const fix = bindFix(ctx, flow, hit, a);
				ctx.report({ start: a.start, end: a.end, message, evidence: j.evidence, related, ...(fix ? { fixes: [fix] } : {}) });
			}
		}
	},
};
