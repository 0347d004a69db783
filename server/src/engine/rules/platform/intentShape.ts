import type { Node } from 'web-tree-sitter';
import type { Flow, Ref } from '../../flow';
import { refEnd, refStart } from '../../flow';

/**
 * What an `Intent` handed to `startActivity` / `sendBroadcast` / `PendingIntent`
 * is, read from the code that builds it in this file: its construction
 * (`Intent(action)`, `Intent(context, X::class.java)`, a chooser), the calls that
 * target it (`setPackage`, `setComponent`, `setClass`, `component = …`), and the
 * extras put into it (`putExtra(k, v)`, `putExtras(bundleOf(…))`, inside
 * `apply { }`). Followed through locals, fields, same-file helpers' returns and
 * same-file callers; anything else leaves the shape unknown (and the rules
 * silent).
 */
export interface Extra {
	/** The key expression (or, for `"k" to v`, its literal text) and the value expression. */
	key?: Ref;
	keyText?: string;
	value?: Ref;
	/** Offsets of the put call (or entry), for related locations. */
	start: number;
	end: number;
}

export interface IntentShape {
	/** The construction (or an explicit-targeting call) was found. */
	known: boolean;
	/** How the target app / component is fixed (`setPackage(…)`, `Intent(context, X::class.java)`), when it is. */
	explicit?: string;
	/** A chooser or a share action: the user picks the target. */
	userChosen?: string;
	/** The `Intent(…)` constructor call, for fixes. */
	ctor?: { start: number; end: number };
	/** The action, when a literal or a known constant spelled in the code (`Intent.ACTION_SEND`). */
	action?: string;
	extras: Extra[];
}

const EXPLICIT_CALLS = /^(setPackage|setComponent|setClass|setClassName|setSelector|makeMainActivity|makeMainSelectorActivity|makeRestartActivityTask|getLaunchIntentForPackage|getLeanbackLaunchIntentForPackage)$/;
const EXTRA_CALLS = /^(putExtra|putExtras|put\w*Extra|put\w*ArrayListExtra|replaceExtras)$/;
const BUNDLE_PUTS = /^(put|putString|putAll|putCharSequence|putParcelable|putSerializable|putStringArray|putStringArrayList|putBundle|putByteArray|putCharArray|putCharSequenceArray|putParcelableArray|putParcelableArrayList|putBinder)$/;
const PASS_THROUGH = /^(setAction|setData|setDataAndType|setDataAndNormalize|setType|setTypeAndNormalize|addFlags|setFlags|removeFlags|addCategory|removeCategory|setIdentifier|setClipData|setSourceBounds|putExtra|putExtras|put\w*Extra|replaceExtras|removeExtra|apply|also|setPackage|setComponent|setClass|setClassName)$/;
const SHARE_ACTION = /(?:^|\.)(?:ACTION_SEND|ACTION_SEND_MULTIPLE|ACTION_SENDTO|ACTION_CHOOSER|ACTION_PICK_ACTIVITY)$|^android\.intent\.action\.(?:SEND|SEND_MULTIPLE|SENDTO|CHOOSER)$/;
/** `X::class.java`, `X.class`, `javaClass`, a `Class<…>` parameter / property by name. */
const CLASS_LITERAL = /::class(?:\.java)?\s*$|\.class\s*$|^(?:\w+\.)*javaClass$|^(?:cls|clazz|klass|\w*(?:Class|Activity|Service|Receiver)Class)$/;
/** Context-like first arguments of `Intent(context, cls)`. */
const CONTEXT_ARG = /^(?:this(?:@\w+)?|\w+\.this|(?:\w+\.)*(?:context|ctx|mContext|appContext|applicationContext|activity|requireContext\(\)|requireActivity\(\)|getContext\(\)|getActivity\(\)|getApplicationContext\(\)|getBaseContext\(\)|baseContext|application|app|service))$/i;

interface Walk {
	flow: Flow;
	depth: number;
	seen: Set<string>;
}

function empty(): IntentShape {
	return { known: false, extras: [] };
}

function text(flow: Flow, r: Ref | Node): string {
	return flow.state.textOf(r).replace(/\s+/g, '');
}

/** The shape of the intent an expression evaluates to. */
export function intentShape(flow: Flow, x: Ref): IntentShape {
	const out = empty();
	shapeOf({ flow, depth: 0, seen: new Set() }, x, out);
	return out;
}

function shapeOf(w: Walk, x: Ref, out: IntentShape): void {
	if (w.depth > 6) return;
	const key = `${refStart(x)}:${refEnd(x)}`;
	if (w.seen.has(key)) return;
	w.seen.add(key);
	const st = w.flow.state;
	const r = st.role(x);
	const deeper = (y: Ref): void => {
		w.depth++;
		shapeOf(w, y, out);
		w.depth--;
	};
	switch (r.r) {
		case 'wrap':
			return deeper(r.inner);
		case 'ternary':
			for (const b of r.branches) deeper(b);
			return;
		case 'binary':
			// `a ?: b`
			if (/^(\?:|\?\?|\|\|)$/.test(r.op.trim())) {
				deeper(r.left);
				deeper(r.right);
			}
			return;
		case 'call':
			return callShape(w, x, r, out, deeper);
		case 'name':
		case 'self-member':
			return nameShape(w, x, r.name, out, deeper);
		case 'member': {
			// `this.intent`, `binding.intent`: a field of this class.
			if (/^(this|self)$/.test(text(w.flow, r.object))) return nameShape(w, x, r.name, out, deeper);
			return;
		}
	}
}

function callShape(w: Walk, x: Ref, r: Extract<ReturnType<Walk['flow']['state']['role']>, { r: 'call' }>, out: IntentShape, deeper: (y: Ref) => void): void {
	const st = w.flow.state;
	const site = r.site;
	const method = site.method.includes('.') ? site.method.slice(site.method.lastIndexOf('.') + 1) : site.method;
	if (method === 'createChooser') {
		out.known = true;
		out.userChosen ??= 'Intent.createChooser';
		return;
	}
	if (EXPLICIT_CALLS.test(method) && /^(makeMainActivity|makeMainSelectorActivity|makeRestartActivityTask|getLaunchIntentForPackage|getLeanbackLaunchIntentForPackage)$/.test(method)) {
		out.known = true;
		out.explicit ??= `\`${method}\``;
		return;
	}
	if (method === 'Intent' && (site.isNew || /^(?:android\.content\.)?$/.test(site.receiver.replace(/\s+/g, '')))) {
		ctorShape(w, x, r, out, deeper);
		return;
	}
	if (r.receiver && PASS_THROUGH.test(method)) {
		recordCall(w, r, method, out);
		if (/^(apply|also)$/.test(method) && r.lambda) scanLambda(w, r.lambda, out);
		deeper(r.receiver);
		return;
	}
	// A helper of this file that builds and returns the intent.
	if (!r.receiver || /^(this|self)$/.test(site.receiver.trim())) {
		const fns = st.functionsNamed(site.method).slice(0, 4);
		for (const fn of fns) for (const ret of st.returnsOf(fn).slice(0, 8)) deeper(ret);
	}
}

function ctorShape(w: Walk, x: Ref, r: Extract<ReturnType<Walk['flow']['state']['role']>, { r: 'call' }>, out: IntentShape, deeper: (y: Ref) => void): void {
	out.known = true;
	out.ctor ??= { start: refStart(x), end: refEnd(x) };
	const args = r.args.map((a) => text(w.flow, a));
	const n = args.length;
	// Intent(context, cls) / Intent(action, uri, context, cls): explicit.
	if ((n === 2 && (CLASS_LITERAL.test(args[1]!) || CONTEXT_ARG.test(args[0]!))) || (n === 4 && CLASS_LITERAL.test(args[3]!))) {
		out.explicit ??= `\`Intent(${args[0]}, ${args[n - 1]})\``;
		return;
	}
	// Intent(otherIntent): a copy.
	if (n === 1 && !/^["'A-Z]|ACTION_|\.ACTION|action/i.test(args[0]!)) {
		const role = w.flow.state.role(r.args[0]!);
		if (role.r === 'name' || role.r === 'call' || role.r === 'member') {
			deeper(r.args[0]!);
			return;
		}
	}
	if (n >= 1) {
		out.action ??= constantText(w.flow, r.args[0]!) ?? args[0];
		if (out.action && SHARE_ACTION.test(out.action)) out.userChosen ??= `the share action ${out.action}`;
	}
}

function constantText(flow: Flow, x: Ref): string | undefined {
	const r = flow.state.role(x);
	if (r.r === 'string') return r.text;
	const v = flow.valueOf(x, { maxCallDepth: 1 });
	if (v.constant && !v.unknown) return v.constant.fact.text;
	return undefined;
}

function recordCall(w: Walk, r: Extract<ReturnType<Walk['flow']['state']['role']>, { r: 'call' }>, method: string, out: IntentShape): void {
	const site = r.site;
	out.known ||= EXPLICIT_CALLS.test(method);
	if (EXPLICIT_CALLS.test(method)) {
		const arg = r.args[0] ? text(w.flow, r.args[0]) : '';
		// `setPackage(null)` clears the package.
		if (!(method === 'setPackage' && arg === 'null')) out.explicit ??= `\`${method}(${arg.slice(0, 40)})\``;
		return;
	}
	if (method === 'setAction' && r.args[0]) {
		const a = constantText(w.flow, r.args[0]) ?? text(w.flow, r.args[0]);
		out.action ??= a;
		if (SHARE_ACTION.test(a)) out.userChosen ??= `the share action ${a}`;
		return;
	}
	if (EXTRA_CALLS.test(method)) {
		if (/^(putExtras|replaceExtras)$/.test(method) && r.args.length === 1) {
			bundleExtras(w, r.args[0]!, out);
			return;
		}
		if (r.args.length >= 2) out.extras.push({ key: r.args[0]!, value: r.args[1]!, start: site.start, end: site.end });
	}
}

/** The function node of a lambda argument (`annotated_lambda` wraps Kotlin's `lambda_literal`). */
function ownFunction(flow: Flow, lambda: Node): Node | undefined {
	const types = flow.state.adapter.functionTypes;
	if (types.has(lambda.type)) return lambda;
	return lambda.namedChildren.find((c): c is Node => !!c && types.has(c.type));
}

/** Calls inside `apply { … }` / `also { it.… }` on the intent. */
function scanLambda(w: Walk, lambda: Node, out: IntentShape): void {
	const st = w.flow.state;
	const fn = ownFunction(w.flow, lambda);
	if (!fn) return;
	const body = st.text.slice(lambda.startIndex, lambda.endIndex);
	const re = /(?<![\w$.])(?:(?:it|this)\s*\??\.\s*)?(?:(\w+)\s*\(|(component|`package`|selector)\s*=(?!=))/g;
	for (let m = re.exec(body); m; m = re.exec(body)) {
		if (m[2]) {
			out.known = true;
			out.explicit ??= `\`${m[2].replace(/`/g, '')} = …\``;
			continue;
		}
		const name = m[1]!;
		if (!EXPLICIT_CALLS.test(name) && !EXTRA_CALLS.test(name) && name !== 'setAction') continue;
		const call = callAt(w.flow, lambda.startIndex + m.index + m[0].lastIndexOf(name));
		if (!call) continue;
		// Only calls made directly in this lambda, on the intent (`it` / `this` / no receiver).
		if (st.nearestFunction(call.first)?.id !== fn.id) continue;
		const role = st.role(call);
		if (role.r !== 'call') continue;
		const recv = role.site.receiver.replace(/\s+/g, '');
		if (recv !== '' && recv !== 'it' && recv !== 'this') continue;
		recordCall(w, role, name, out);
	}
}

/** The call expression whose method name starts at `at`. */
function callAt(flow: Flow, at: number): Ref | undefined {
	let n: Node | null = flow.state.tree.rootNode.descendantForIndex(at, at + 1);
	for (let i = 0; n && i < 5; i++, n = n.parent) {
		if (/^(call_expression|method_invocation)$/.test(n.type)) return { first: n, last: n };
	}
	return undefined;
}

/** `putExtras(bundleOf("k" to v))`, `putExtras(Bundle().apply { putString("k", v) })`, a local bundle filled with `put…`. */
function bundleExtras(w: Walk, x: Ref, out: IntentShape): void {
	const st = w.flow.state;
	const r = st.role(x);
	if (r.r === 'call') {
		const m = r.site.method;
		if (/^(bundleOf|mapOf)$/.test(m)) {
			for (const a of r.args) {
				const ar = st.role(a);
				// `"k" to v` is a pair (a one-entry container to the flow layer).
				if (ar.r !== 'container') continue;
				for (const e of ar.entries) {
					const x: Extra = { value: e.value, start: refStart(a), end: refEnd(a) };
					if (e.key !== undefined) x.keyText = e.key;
					else if (ar.items[0]) x.key = ar.items[0];
					out.extras.push(x);
				}
			}
			return;
		}
		if (/^(apply|also)$/.test(m) && r.lambda) {
			scanBundleLambda(w, r.lambda, out);
			return;
		}
		return;
	}
	if (r.r === 'name' || r.r === 'self-member') {
		for (const d of st.namedDefs(x.first, r.name).slice(0, 6)) if (d.value) bundleExtras(w, d.value, out);
		const scope = st.nearestFunction(x.first);
		if (scope) scanPuts(w, scope, r.name, BUNDLE_PUTS, out);
	}
}

function scanBundleLambda(w: Walk, lambda: Node, out: IntentShape): void {
	const st = w.flow.state;
	const body = st.text.slice(lambda.startIndex, lambda.endIndex);
	for (const m of body.matchAll(/(?:^|[^\w$.])(?:(?:it|this)\s*\.\s*)?(put\w*)\s*\(/g)) {
		if (!BUNDLE_PUTS.test(m[1]!)) continue;
		const call = callAt(w.flow, lambda.startIndex + m.index! + m[0].indexOf(m[1]!));
		if (!call) continue;
		const role = st.role(call);
		if (role.r === 'call' && role.args.length >= 2) out.extras.push({ key: role.args[0]!, value: role.args[1]!, start: role.site.start, end: role.site.end });
	}
}

/** `name.put…(k, v)` / `name.putExtra(k, v)` / `name.setPackage(…)` calls in a scope. */
function scanPuts(w: Walk, scope: Node, name: string, methods: RegExp, out: IntentShape, intent = false): void {
	const st = w.flow.state;
	const body = st.text.slice(scope.startIndex, scope.endIndex);
	const esc = name.replace(/[$]/g, '\\$');
	const re = new RegExp(`(?<![\\w$.])(?:this\\s*\\.\\s*)?${esc}\\s*[?!]?\\s*\\.\\s*(\\w+|\`package\`)\\s*(\\(|\\{|=(?!=))`, 'g');
	for (let m = re.exec(body); m; m = re.exec(body)) {
		const method = m[1]!;
		const at = scope.startIndex + m.index + m[0].lastIndexOf(method);
		if (intent && m[2] === '=' && /^(component|`package`|selector)$/.test(method)) {
			out.known = true;
			out.explicit ??= `\`${name}.${method.replace(/`/g, '')} = …\``;
			continue;
		}
		if (intent && /^(apply|also)$/.test(method)) {
			const call = callAt(w.flow, at);
			const role = call ? st.role(call) : undefined;
			if (role?.r === 'call' && role.lambda) scanLambda(w, role.lambda, out);
			continue;
		}
		if (!methods.test(method) && !(intent && (EXPLICIT_CALLS.test(method) || method === 'setAction'))) continue;
		const call = callAt(w.flow, at);
		if (!call) continue;
		const role = st.role(call);
		if (role.r !== 'call') continue;
		if (intent) recordCall(w, role, method, out);
		else if (role.args.length >= 2) out.extras.push({ key: role.args[0]!, value: role.args[1]!, start: role.site.start, end: role.site.end });
	}
}

function nameShape(w: Walk, x: Ref, name: string, out: IntentShape, deeper: (y: Ref) => void): void {
	const st = w.flow.state;
	const defs = st.namedDefs(x.first, name).slice(0, 8);
	for (const d of defs) {
		if (d.kind === 'param' && d.fn && d.param) {
			// The intents this file's callers pass.
			for (const site of st.callersOf(d.fn).slice(0, 6)) {
				const a = argFor(w.flow, site.node, d.param.index);
				if (a) deeper(a);
			}
			continue;
		}
		if (d.value) deeper(d.value);
	}
	// Calls on the variable anywhere in its scope: `intent.setPackage(…)`, `intent.putExtra(…)`, `intent.component = …`.
	const local = defs.some((d) => d.target === 'local');
	const scope = local ? st.nearestFunction(x.first) : st.nearestClass(x.first);
	if (scope) scanPuts(w, scope, name, EXTRA_CALLS, out, true);
}

function argFor(flow: Flow, callNode: Node, index: number): Ref | undefined {
	const r = flow.state.role({ first: callNode, last: callNode });
	if (r.r !== 'call') return undefined;
	let k = 0;
	for (let i = 0; i < r.site.args.length; i++) {
		if (r.site.args[i]!.label !== undefined) continue;
		if (k === index) return r.args[i];
		k++;
	}
	return undefined;
}
