import type { Node } from 'web-tree-sitter';

/** A call across the Kotlin, Java, Swift and Dart grammars: method name, receiver and argument values. */
export interface CallInfo {
	node: Node;
	name: string;
	/** The callee name node (for ranges). */
	nameNode: Node;
	receiver?: Node;
	/** Argument value nodes (labels stripped). */
	args: Node[];
	/** Argument labels by index (Kotlin / Swift named arguments), '' when unlabelled. */
	labels: string[];
}

export const CALL_NODE_TYPES = new Set(['call_expression', 'method_invocation']);

export function callInfo(n: Node): CallInfo | undefined {
	if (n.type === 'method_invocation') {
		const nameNode = n.childForFieldName('name');
		if (!nameNode) return undefined;
		const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'line_comment' && c.type !== 'block_comment');
		const receiver = n.childForFieldName('object');
		return { node: n, name: nameNode.text, nameNode, ...(receiver ? { receiver } : {}), args, labels: args.map(() => '') };
	}
	if (n.type !== 'call_expression') return undefined;
	const callee = n.namedChild(0);
	if (!callee) return undefined;
	let nameNode: Node = callee;
	let receiver: Node | undefined;
	if (callee.type === 'navigation_expression') {
		const last = callee.lastNamedChild;
		const suffixName = last?.type === 'navigation_suffix' ? last.lastNamedChild : last;
		if (!suffixName) return undefined;
		nameNode = suffixName;
		receiver = callee.namedChild(0) ?? undefined;
	}
	// Kotlin: value_arguments; Swift: call_suffix > value_arguments (+ trailing lambda)
	let argList = n.namedChildren.find((c) => c?.type === 'value_arguments') ?? null;
	const suffix = n.namedChildren.find((c) => c?.type === 'call_suffix');
	if (!argList && suffix) argList = suffix.namedChildren.find((c) => c?.type === 'value_arguments') ?? null;
	const args: Node[] = [];
	const labels: string[] = [];
	for (const a of argList?.namedChildren ?? []) {
		if (!a || a.type !== 'value_argument') continue;
		const first = a.namedChild(0);
		if (a.namedChildCount >= 2 && first && (first.type === 'value_argument_label' || first.type === 'identifier' || first.type === 'simple_identifier') && /[:=]/.test(a.text.slice(first.endIndex - a.startIndex, first.endIndex - a.startIndex + 3))) {
			labels.push(first.text);
			args.push(a.lastNamedChild!);
		} else {
			labels.push('');
			args.push(first ? (a.namedChildCount === 1 ? first : a.lastNamedChild!) : a); // `nil` has no named child
		}
	}
	const trailing = suffix?.namedChildren.find((c) => c?.type === 'lambda_literal') ?? n.namedChildren.find((c) => c?.type === 'annotated_lambda' || c?.type === 'lambda_literal');
	if (trailing) {
		labels.push('');
		args.push(trailing);
	}
	return { node: n, name: nameNode.text, nameNode, ...(receiver ? { receiver } : {}), args, labels };
}

/** The named function / method declarations of a file by name (Kotlin, Java, Swift). */
export function functionBodies(root: Node, name: RegExp): Node[] {
	const out: Node[] = [];
	const stack: Node[] = [root];
	while (stack.length) {
		const n = stack.pop()!;
		if (/^(function_declaration|method_declaration)$/.test(n.type)) {
			const id = n.childForFieldName('name') ?? n.namedChildren.find((c) => c && /identifier/.test(c.type));
			if (id && name.test(id.text)) out.push(n);
		}
		for (const c of n.namedChildren) if (c) stack.push(c);
	}
	return out;
}
