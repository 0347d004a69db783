import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../../types';
import { type CallSite, callsMatching, nodesMatching } from '../shared/calls';
import { fileConstants } from '../shared/constants';
import { replace } from '../shared/edits';
import { callIsDebugOnly, indentAt, inspectExpr } from '../storage/common';
import { roleWord } from '../shared/lexicon';

/** Not secrets even when named with a lexicon word: share links, referral codes, order ids. */
const SHAREABLE = /(share|referral|invite|promo|coupon|order|tracking|link|url)/i;

function sensitiveValue(ctx: RuleContext, n: Node): string | undefined {
	const info = inspectExpr(n, fileConstants(ctx.tree!));
	if (!info.hit || info.protectedByCall) return undefined;
	if (SHAREABLE.test(info.hit.name)) return undefined;
	// The sensitive word must name what the value is (`password`, `newPassword`, `accessToken`), not
	// any part of it (`tokenAddress`, `pinnedMessageId`); in a web3 app a token is an asset.
	if (roleWord(info.hit.name, ctx.project.vocabulary) === undefined) return undefined;
	return info.hit.name;
}

/** Props and parameters that take a press / tap handler (React Native, Flutter, Compose). */
const PRESS_PROP = /^(onPress|onClick|onLongPress|onTap|onPressIn|onPressOut|onPressed|onLongPressed)$/;

/** The name a function or handler is bound to (`const copy = () => …`, `fun copyOtp()`, `func copy(_:)`). */
function boundName(p: Node): string | undefined {
	if (p.type === 'variable_declarator' || p.type === 'function_declaration' || p.type === 'method_definition' || p.type === 'method_declaration') return p.childForFieldName('name')?.text ?? p.namedChildren.find((c) => c?.type === 'simple_identifier' || c?.type === 'identifier')?.text;
	return undefined;
}

/**
 * Whether the copy runs because the user asked for it: inside a press handler (`onPress={() => …}`,
 * `onPressed: () { … }`, `setOnClickListener { … }`, an `@IBAction`), or in a function the file
 * hands to one (`onPress={copy}`, `onClick = ::copyCode`). A function merely named `copyOtp` is not
 * enough: nothing says who calls it.
 */
function userInitiated(ctx: RuleContext, n: Node): boolean {
	const text = ctx.file.text;
	for (let p = n.parent, i = 0; p && i < 30; p = p.parent, i++) {
		if (p.type === 'jsx_attribute' && PRESS_PROP.test(p.namedChild(0)?.text ?? '')) return true;
		if ((p.type === 'named_argument' || p.type === 'value_argument' || p.type === 'pair') && PRESS_PROP.test(p.namedChild(0)?.text ?? p.childForFieldName('key')?.text ?? '')) return true;
		if (p.type === 'call_expression' && /\bsetOn(Long)?ClickListener\s*\{?$/.test(text.slice(p.startIndex, p.namedChild(1)?.startIndex ?? p.startIndex).trim())) return true;
		const name = boundName(p);
		if (name !== undefined) {
			if (/@IBAction\b/.test(text.slice(Math.max(0, p.startIndex - 40), p.startIndex + 20))) return true;
			const esc = name.replace(/[$]/g, '\\$');
			if (new RegExp(`\\b(${PRESS_PROP.source.slice(2, -2)})\\s*(=\\s*\\{\\s*|:\\s*|=\\s*(::)?)(this\\.)?${esc}\\b(?!\\s*\\()`).test(text)) return true;
		}
		if (p.type === 'program' || p.type === 'source_file' || p.type === 'class_body') return false;
	}
	return false;
}

/**
 * A copy the user triggers (a "Copy" button next to a password the app generated for them to save) is
 * intended exposure: reported as info with the mitigation. A copy the app makes on its own is a warning.
 */
function report(ctx: RuleContext, start: number, end: number, name: string, how: string, fixes: Fix[] = [], node?: Node): void {
	const byUser = node !== undefined && userInitiated(ctx, node);
	const shown = name.length > 40 ? name.slice(0, 39) + '…' : name;
	ctx.report({
		start,
		end,
		...(byUser ? { severity: 'info' as const } : { evidence: 'likely' as const }),
		message: byUser
			? `\`${shown}\` is copied to the system clipboard when the user asks for it; other apps, keyboards and clipboard sync can then read it. ${how}`
			: `\`${shown}\` is copied to the system clipboard, where other apps, keyboards and clipboard sync can read it. ${how}`,
		fixes,
	});
}

function jsCheck(ctx: RuleContext, call: CallSite): void {
	const named = call.receiver === '' && /^(setStringAsync|setUrlAsync)$/.test(call.method) && /['"]expo-clipboard['"]/.test(ctx.file.text);
	if (!(named || (/Clipboard$/.test(call.receiver) && /^(setString|setStringAsync|setUrlAsync)$/.test(call.method)))) return;
	const name = call.args[0] && sensitiveValue(ctx, call.args[0].node);
	if (name) report(ctx, call.start, call.end, name, 'Avoid copying secrets; if users must copy a one-time code, clear the clipboard after a short delay (see the "mobsec-clipboard-clear" snippet).', [], call.node);
}

function androidCheck(ctx: RuleContext, call: CallSite): void {
	if (call.method !== 'newPlainText' || !/ClipData$/.test(call.receiver) || call.args.length < 2) return;
	const name = sensitiveValue(ctx, call.args[1]!.node) ?? sensitiveValue(ctx, call.args[0]!.node);
	if (!name) return;
	// Marked sensitive in the same function: EXTRA_IS_SENSITIVE / "android.content.extra.IS_SENSITIVE".
	let fn: Node | null = call.node.parent;
	while (fn && !/^(function_declaration|method_declaration|lambda_literal|anonymous_function|class_body)$/.test(fn.type)) fn = fn.parent;
	if (/EXTRA_IS_SENSITIVE|android\.content\.extra\.IS_SENSITIVE/.test((fn ?? ctx.tree!.rootNode).text)) return;
	const fixes: Fix[] = [];
	if (ctx.file.kind === 'kotlin') {
		const ind = indentAt(ctx.file.text, call.start);
		fixes.push({
			title: 'Mark the clip as sensitive (hidden from the clipboard preview, Android 13+)',
			preferred: true,
			edits: [replace(ctx, call.end, call.end, `.apply {\n${ind}    description.extras = android.os.PersistableBundle().apply { putBoolean("android.content.extra.IS_SENSITIVE", true) }\n${ind}}`)],
		});
	}
	report(ctx, call.start, call.end, name, 'Mark the clip sensitive (ClipDescription.EXTRA_IS_SENSITIVE, "android.content.extra.IS_SENSITIVE" below API 33) so Android hides it from the clipboard preview, and avoid copying secrets at all where possible.', fixes, call.node);
}

function swiftCheck(ctx: RuleContext): void {
	for (const hit of nodesMatching(ctx, /\bUIPasteboard\b/g)) {
		let a: Node | null = hit;
		for (let i = 0; a && a.type !== 'assignment' && i < 6; i++) a = a.parent;
		if (!a || a.type !== 'assignment') continue;
		const target = a.childForFieldName('target');
		const value = a.childForFieldName('result');
		if (!target || !value) continue;
		const t = target.text.replace(/\s+/g, '');
		if (!/^UIPasteboard\.general\.(string|strings|url)$/.test(t)) continue;
		if (callIsDebugOnly(ctx, { node: a, start: a.startIndex })) continue;
		const name = sensitiveValue(ctx, value);
		if (!name) continue;
		const fixes: Fix[] = /\.string$/.test(t)
			? [{
					title: 'Copy with .localOnly and a 60-second expiry',
					preferred: true,
					edits: [replace(ctx, a.startIndex, a.endIndex, `UIPasteboard.general.setItems([["public.utf8-plain-text": ${value.text}]], options: [.localOnly: true, .expirationDate: Date().addingTimeInterval(60)])`)],
				}]
			: [];
		report(ctx, a.startIndex, a.endIndex, name, 'Use setItems(_:options:) with .localOnly (no Universal Clipboard) and a short .expirationDate.', fixes, a);
	}
	for (const call of callsMatching(ctx, /\b(setValue|setItems|addItems|setData)\s*\(/g)) {
		if (!/^UIPasteboard\.general$/.test(call.receiver.replace(/\s+/g, '')) || !/^(setValue|setItems|addItems|setData)$/.test(call.method)) continue;
		if (callIsDebugOnly(ctx, call)) continue;
		const opts = call.args.find((x) => x.label === 'options');
		if (opts && /localOnly/.test(opts.text) && /expirationDate/.test(opts.text)) continue;
		const name = call.args.filter((x) => x.label !== 'options' && x.label !== 'forPasteboardType').map((x) => sensitiveValue(ctx, x.node)).find(Boolean);
		if (!name) continue;
		report(ctx, call.start, call.end, name, 'Pass options: [.localOnly: true, .expirationDate: …] so it neither syncs to other devices nor stays on the pasteboard.', [], call.node);
	}
}

/** The enclosing function's name (Swift / Kotlin / Java), for the launch-read sub-check. */
function enclosingFunctionName(n: Node): string {
	for (let p = n.parent; p; p = p.parent) {
		if (/^(function_declaration|method_declaration)$/.test(p.type)) return p.childForFieldName('name')?.text ?? p.namedChildren.find((c) => c?.type === 'simple_identifier' || c?.type === 'identifier')?.text ?? '';
	}
	return '';
}

const LAUNCH = /^(application|sceneDidBecomeActive|applicationDidBecomeActive|sceneWillEnterForeground|viewDidLoad|viewDidAppear|onCreate|onStart|onResume)$/;

/** Info: reading the general pasteboard / primary clip when the app starts (privacy, and iOS shows a paste banner). */
function launchReads(ctx: RuleContext): void {
	const swift = ctx.file.kind === 'swift';
	const re = swift ? /\bUIPasteboard\s*\.\s*general\s*\.\s*(string|strings|url|urls|image|items)\b/g : /\b(primaryClip|getPrimaryClip)\b/g;
	for (const n of nodesMatching(ctx, re)) {
		// Writes (`UIPasteboard.general.string = x`, `clipboard.primaryClip = clip`) are the other sub-check.
		if (/^\s*=(?!=)/.test(ctx.file.text.slice(n.endIndex, n.endIndex + 4))) continue;
		const fn = enclosingFunctionName(n);
		if (!LAUNCH.test(fn)) continue;
		ctx.report({
			start: n.startIndex,
			end: n.endIndex,
			severity: 'hint',
			message: `The clipboard is read in ${fn}, i.e. whenever the app starts or comes to the foreground: that reads whatever the user copied in other apps (passwords included) and shows the system paste notice. Read it only when the user asks to paste.`,
		});
	}
}

function dartCheck(ctx: RuleContext, call: CallSite): void {
	if (call.method !== 'setData' || call.receiver !== 'Clipboard') return;
	const data = call.args[0];
	if (!data) return;
	// ClipboardData(text: secret)
	const m = /ClipboardData\s*\(\s*text\s*:/.exec(data.text);
	if (!m) return;
	const name = sensitiveValue(ctx, data.node);
	if (name) report(ctx, call.start, call.end, name, 'Avoid copying secrets; if a code must be copied, clear the clipboard after a short delay (see the "mobsec-clipboard-clear-flutter" snippet).', [], call.node);
}

export const clipboardSensitiveCopy: Rule = {
	meta: {
		id: 'clipboard-sensitive-copy',
		title: 'Sensitive value copied to the clipboard',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-PLATFORM-3', 'MASVS-STORAGE-2', 'MASWE-0053'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['Clipboard', 'ClipData', 'UIPasteboard', 'primaryClip', 'PrimaryClip'],
		why: 'The system clipboard is shared: other apps (and keyboards) can read it, clipboard managers keep history, and Universal Clipboard / cloud sync copy it to other devices. A token, password or card number copied there leaks beyond the app.',
		fix: 'Do not copy secrets. Where users must copy a code: Android — mark the clip with EXTRA_IS_SENSITIVE; iOS — setItems with .localOnly and .expirationDate; RN/Flutter — clear the clipboard after a short delay.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		const kind = ctx.file.kind;
		if (kind === 'swift' || kind === 'kotlin' || kind === 'java') launchReads(ctx);
		if (kind === 'swift') return swiftCheck(ctx);
		for (const call of callsMatching(ctx, /\b(setString|setStringAsync|setUrlAsync|newPlainText|setData)\s*\(/g)) {
			if (callIsDebugOnly(ctx, call)) continue;
			if (kind === 'kotlin' || kind === 'java') androidCheck(ctx, call);
			else if (kind === 'dart') dartCheck(ctx, call);
			else if (kind === 'objc') continue;
			else jsCheck(ctx, call);
		}
	},
};
