import type { Node, Tree } from 'web-tree-sitter';
import type { CallSite } from '../calls';
import type { Lang } from '../types';

/**
 * An expression: one node, or (Dart) a run of sibling nodes `primary selector…`
 * (`prefs.getString('k')` is `identifier selector(.getString) selector(args)`).
 */
export interface Ref {
	first: Node;
	last: Node;
}

export function single(n: Node): Ref {
	return { first: n, last: n };
}

export function refKey(r: Ref): string {
	return r.first.id === r.last.id ? String(r.first.id) : `${r.first.id}-${r.last.id}`;
}

export function refStart(r: Ref): number {
	return r.first.startIndex;
}

export function refEnd(r: Ref): number {
	return r.last.endIndex;
}

/** A piece of a string with interpolation. */
export type Part =
	| { lit: string }
	| { expr: Ref; privacy?: 'public' | 'private' }
	/** Kotlin `"$name"`: the grammar has no node for the name, only its offsets. */
	| { name: string; start: number; end: number };

export interface KeyedEntry {
	/** Literal key (`{ token: v }`, `mapOf("token" to v)`, `@{@"token": v}`), when known. */
	key?: string;
	value: Ref;
}

/**
 * What an expression is, in the terms of the language-neutral core. Adapters
 * map their grammar's node types to these roles; anything else is `unknown`.
 */
export type Role =
	| { r: 'string'; text: string }
	| { r: 'template'; parts: Part[] }
	| { r: 'number'; text: string }
	| { r: 'bool' | 'null' }
	| { r: 'name'; name: string }
	/** `this.x`, `self.x`, ObjC `_x`. */
	| { r: 'self-member'; name: string }
	| { r: 'member'; object: Ref; name: string }
	| { r: 'index'; object: Ref; key: Ref }
	| { r: 'call'; site: CallSite; receiver?: Ref; args: Ref[]; lambda?: Node }
	| { r: 'binary'; op: string; left: Ref; right: Ref }
	| { r: 'unary'; op: string; operand: Ref }
	| { r: 'ternary'; cond?: Ref; branches: Ref[] }
	/** Parentheses, `await`, casts, `!!`, `try`, Dart `argument` wrappers: the value of `inner`. */
	| { r: 'wrap'; inner: Ref; why: string }
	| { r: 'container'; items: Ref[]; entries: KeyedEntry[] }
	/** Java `new byte[16]` / `new byte[]{1, 2}`, C `uint8_t iv[16] = {0}` initialisers. */
	| { r: 'array-new'; size?: Ref; items?: Ref[] }
	| { r: 'lambda'; fn: Node }
	| { r: 'unknown' };

export interface ParamInfo {
	name: string;
	node: Node;
	index: number;
	/** Swift external label, Dart named parameter, Kotlin parameter name for named arguments. */
	label?: string;
	/** Declared type text, when written. */
	type?: string;
	/** Annotation / attribute text before the parameter (`@JavascriptInterface` is on the method). */
	annotations?: string;
	defaultValue?: Ref;
	/** Destructured parameter (`({ password }) =>`): the name is a member of the argument. */
	project?: string;
}

export interface FnInfo {
	node: Node;
	name?: string;
	params: ParamInfo[];
	body?: Node;
	/**
	 * Where the head the adapter read ends, when no body node inside the function bounds it: a Kotlin lambda
	 * (its statements are its own children: the first statement's start), a Kotlin class read as its
	 * constructor (its member list's start), a Dart method (its node is its body: the body's first
	 * character). Without it the whole function counts as read.
	 */
	headEnd?: number;
	/** A lambda / closure / anonymous function (its name, if any, is the binding it is assigned to). */
	lambda: boolean;
	/** Annotations / modifiers text of the declaration (`@JavascriptInterface`, `private`). */
	annotations?: string;
	/** Return type text, when written. */
	returnType?: string;
}

/** A definition a name occurrence makes. */
export interface DefInfo {
	kind: 'decl' | 'assign' | 'compound' | 'param' | 'for' | 'catch' | 'bind' | 'fill' | 'member';
	/** `field`: a class-level property declaration, or an assignment to `this.x` / `self.x` / an ivar. */
	target: 'local' | 'field';
	name: string;
	id: Node;
	/** The whole declaration / assignment: its position orders definitions. */
	holder: Node;
	value?: Ref;
	/** Destructuring: the definition takes member `key` (or element `index`) of `value`. */
	project?: { key?: string; index?: number };
	/** Operator of a compound assignment (`+=`). */
	op?: string;
	/** Parameters: the function and the parameter. */
	fn?: Node;
	param?: ParamInfo;
	/** `val` / `let` / `final` / `const`: never reassigned. */
	isConst?: boolean;
	/** Fills (found by the core from the models): the call that fills the buffer / container. */
	fill?: { call: Ref; modelIndex: number; adds: boolean };
	/**
	 * `member` definitions (found by the core): `obj.key = value` / `obj[key] = value` adds
	 * `value` to the object the name holds, as entry `key` (undefined: a computed key).
	 */
	sets?: { key?: string };
}

export interface Adapter {
	readonly lang: Lang;
	/** Function-like node types: declarations, methods, constructors, lambdas, closures, blocks. */
	readonly functionTypes: ReadonlySet<string>;
	/**
	 * Optional: the named (non-lambda) function nodes of the tree, in document order, found from
	 * their keywords in the text instead of a query over every node (FlowState.functionIndex). Must
	 * list exactly what the query lists; undefined means "use the query".
	 */
	functionsFromText?(tree: Tree, text: string): Node[] | undefined;
	/** Class-like node types whose members are fields (class, struct, object, companion, extension, implementation). */
	readonly classTypes: ReadonlySet<string>;
	/** Statement containers: a definition directly in one runs whenever the container runs. */
	readonly blockTypes: ReadonlySet<string>;
	/** Node types an identifier occurrence can have. */
	readonly identTypes: ReadonlySet<string>;
	/** Name, parameters and body of a function node; undefined if `fn` is not one. */
	fnInfo(fn: Node): FnInfo | undefined;
	/** The expressions a function returns besides `return` statements: expression bodies, a closure's last expression. */
	returns(fn: Node): Ref[];
	/**
	 * Whether `returns(fn)` looks inside the body (absent: always). When it does not, what the function
	 * returns depends only on its `return` statements, and answers that went through it are kept after an
	 * edit elsewhere in its body (footprint.ts).
	 */
	returnsReadBody?(fn: Node): boolean;
	className(cls: Node): string | undefined;
	/** What an expression is. */
	role(x: Ref): Role;
	/** The definition an identifier occurrence makes, if it is one (declaration, assignment target, parameter …). */
	defAt(id: Node): DefInfo | undefined;
	/**
	 * The expression directly containing `x`, when `x` is part of a larger expression
	 * (Dart: the longer chain); the core then finds which child `x` is through `role`.
	 */
	parentRef(x: Ref): Ref | undefined;
	/** The statement-level slot `x` fills when it is not inside a larger expression: a definition's value, a return. */
	slotOf(x: Ref): { s: 'def'; def: DefInfo } | { s: 'return'; fn: Node } | undefined;
	/** Conditional node types (if / ternary / guard), for debug guards. */
	readonly conditionalTypes: ReadonlySet<string>;
	/** Return statement node types (found from the `return` keyword in the function's text). */
	readonly returnTypes: ReadonlySet<string>;
	/** The value a return statement returns. */
	returnValue(stmt: Node): Ref | undefined;
	/**
	 * Optional: set when this adapter's `parentRef`, `defAt`, `slotOf` and `fnInfo`, and `role` for every
	 * role `roleReadsText` does not name, read nothing a layout edit can change (footprint.ts
	 * `readStructure`): node types, fields, extents and tokens' text, and the text of larger nodes only in
	 * ways the length of white space between two statements cannot change. Their reads are then recorded
	 * as structure reads. The adapter's file says why, function by function.
	 */
	/**
	 * Optional: node types besides `blockTypes` and `classTypes` whose children are members, statements,
	 * arguments or list items (a class's member list, a function body's braces around its statements, a
	 * widget tree's argument and list literals): white space between two of their children is a layout
	 * gap too (answerMemo.ts `isLayoutEdit`). What footprint.ts `readStructure` promises holds for any
	 * gap between two children (the edit changes no token and only the texts of the nodes around the gap);
	 * each structure-read site says why its reading is blind to the gap's length.
	 */
	readonly bodyTypes?: ReadonlySet<string>;
	readonly structureReads?: {
		roleReadsText(r: Role): boolean;
		/** Node types besides blocks and class bodies between whose children white space makes a layout edit (container literals). */
		gapTypes?: ReadonlySet<string>;
	};
}
