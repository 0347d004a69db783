import type { Node } from 'web-tree-sitter';
import type { FileKind } from '../../files';
import type { Fix, Rule, RuleContext } from '../../types';
import { callsMatching, nodesMatching } from '../shared/calls';
import { replace } from '../shared/edits';
import { occursIn } from '../../textSearch';
import { isPinAction, nameParts } from '../shared/lexicon';
import { importInsertOffset, indentAt, lineStartOf } from '../storage/common';
import '../../project/screenProtection';

/** Screen names that render secrets (catalog: *Payment*, *Card*, *Pin*, *Recovery*, *Seed* …). */
const SENSITIVE_SCREEN_PARTS = new Set(['payment', 'payments', 'card', 'cards', 'pin', 'recovery', 'seed', 'checkout', 'wallet', 'otp', 'cvv', 'iban', 'mnemonic', 'passcode', 'backup', 'banking', 'transfer']);
/** Fields that show secrets in clear: OTP, card number / CVV / IBAN inputs. */
const SECRET_FIELD_JS = /textContentType\s*=\s*(?:\{\s*)?["']oneTimeCode["']|autoComplete\s*=\s*(?:\{\s*)?["'](cc-number|cc-csc|sms-otp|one-time-code)["']|placeholder\s*=\s*(?:\{\s*)?["'][^"'\n]*\b(CVV|CVC|IBAN|card number)\b/i;
const SECRET_FIELD_ANDROID = /AUTOFILL_HINT_CREDIT_CARD_(NUMBER|SECURITY_CODE)|ContentType\.CreditCard(Number|SecurityCode)|AUTOFILL_HINT_SMS_OTP|ContentType\.SmsOtpCode/;
const SECRET_FIELD_DART = /AutofillHints\.(oneTimeCode|creditCardNumber|creditCardSecurityCode)/;

const JSX_CAPITAL = /<[A-Z]/;
const RN_PROTECTED = /usePreventScreenCapture|preventScreenCaptureAsync|RNScreenshotPrevent|enableSecureView|react-native-screenshot-prevent|react-native-prevent-screenshot|FLAG_SECURE|useScreenshotProtection|ScreenGuard|react-native-screenguard/;
const SWIFT_PROTECTED = /scenePhase|capturedDidChangeNotification|isCaptured|sceneWillResignActive|applicationWillResignActive|willResignActiveNotification|isSecureTextEntry\s*=\s*true|secureContainer|ScreenShield|ScreenProtectorKit/;
const DART_PROTECTED = /FlutterWindowManager|ScreenProtector|NoScreenshot|screen_protector|no_screenshot|flutter_windowmanager|SecureApplication|secure_application|FLAG_SECURE/;

/** Declarations of the given node types, located from their names after `class` / `function` / `const`. */
function declarations(ctx: RuleContext, re: RegExp, types: ReadonlySet<string>): Node[] {
	const out: Node[] = [];
	for (const name of nodesMatching(ctx, re)) {
		const d = name.parent;
		if (d && types.has(d.type) && d.childForFieldName('name')?.id === name.id) out.push(d);
	}
	return out;
}

/** A "card" that is a UI card (Kanban, flashcards, a deck), not a payment card: the file speaks of boards and tasks. */
const CARD_UI = /\b(kanban|boards?|columns?|swimlanes?|tasks?|backlog|sprint|decks?|flashcards?|trello|checklists?|assignees?|due ?date|story ?points?|lanes?)\b/i;
/** Payment-card evidence in the file. */
const CARD_PAYMENT = /\b(payments?|pay|cvv|cvc|expiry|expiration|card_?number|cardNumber|pan|iban|billing|checkout|stripe|braintree|adyen|credit|debit|last4|maskedPan|issuer|cardholder)\b|cc-number|cc-csc/i;

/** Code without comments (a crude cut: enough for word tests, never for positions). */
function withoutComments(text: string): string {
	return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
}

/**
 * The word that makes a screen sensitive. "card" counts when the app has a payment SDK or the file
 * speaks of payments, not when it speaks of boards and tasks (a Kanban card); "pin" counts as a PIN
 * code, not as pinning a message.
 */
function sensitiveName(ctx: RuleContext, name: string): string | undefined {
	const parts = nameParts(name);
	return parts.find((p) => {
		if (!SENSITIVE_SCREEN_PARTS.has(p)) return false;
		if (p === 'pin') return !isPinAction(parts);
		if (p === 'card' || p === 'cards') {
			const text = withoutComments(ctx.file.text);
			return ctx.project.vocabulary?.payments !== undefined || CARD_PAYMENT.test(text) || !CARD_UI.test(text);
		}
		return true;
	});
}

/** Declarations each platform's check looks at (its names are found from the text with these). */
const ANDROID_CLASS = /\bclass\s+(\w+)/dg;
const RN_COMPONENT = /\bfunction\s+([A-Z]\w*)|\b(?:const|let|var)\s+([A-Z]\w*)\s*[=:]/dg;
const SWIFT_TYPE = /\b(?:class|struct)\s+(\w+)/dg;
const DART_CLASS = /\bclass\s+(\w+)/dg;
const RN_SCREEN_NAME = /(Screen|Page|Modal|Sheet)$/;

/**
 * Whether some declaration `re` finds could carry a sensitive name: sensitiveName() without the
 * file's and project's payment evidence (every "card" counts). The name is read on to the end of the
 * identifier (a group stops at `$`, `\` or a non-ASCII letter the parser keeps in the name).
 */
function someSensitiveDeclaration(text: string, re: RegExp, nameTest?: RegExp): boolean {
	// The first group that took part, as nodesMatching locates the name (it searches with its own copy of `re`).
	re.lastIndex = 0;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const span = m.indices?.[1] ?? m.indices?.[2];
		if (!span) continue;
		const start = span[0];
		let end = span[1];
		while (end < text.length && /[\w$\\\u0080-\uffff]/.test(text[end]!)) end++;
		const name = text.slice(start, end);
		if (nameTest && !nameTest.test(name)) continue;
		const parts = nameParts(name);
		if (parts.some((p) => SENSITIVE_SCREEN_PARTS.has(p) && (p !== 'pin' || !isPinAction(parts)))) return true;
	}
	return false;
}

/** The rule's text gate (RuleMeta.textGate): each platform check's file-level tests and a declaration it could report. */
export function mayLackScreenshotProtection(text: string, kind: FileKind): boolean {
	switch (kind) {
		case 'kotlin':
		case 'java':
			return /Activity/.test(text) && (SECRET_FIELD_ANDROID.test(text) || someSensitiveDeclaration(text, ANDROID_CLASS));
		case 'dart':
			return !DART_PROTECTED.test(text) && (SECRET_FIELD_DART.test(text) || someSensitiveDeclaration(text, DART_CLASS));
		case 'swift':
			return !SWIFT_PROTECTED.test(text) && someSensitiveDeclaration(text, SWIFT_TYPE);
		case 'javascript':
		case 'typescript':
		case 'tsx':
			return !RN_PROTECTED.test(text) && /<[A-Z]/.test(text) && (SECRET_FIELD_JS.test(text) || someSensitiveDeclaration(text, RN_COMPONENT, RN_SCREEN_NAME));
	}
	return true;
}

function appWide(ctx: RuleContext): boolean {
	return (ctx.project.screenProtection?.androidAppWide.length ?? 0) > 0;
}

// ---------------------------------------------------------------- Android

function checkAndroid(ctx: RuleContext): void {
	const java = ctx.file.kind === 'java';
	for (const cls of declarations(ctx, ANDROID_CLASS, new Set(['class_declaration']))) {
		const name = cls.childForFieldName('name');
		if (!name) continue;
		const supers = java ? cls.childForFieldName('superclass')?.text ?? '' : cls.namedChildren.find((c) => c?.type === 'delegation_specifiers')?.text ?? '';
		if (!/Activity\b/.test(supers)) continue;
		if (/Secure/.test(supers)) continue; // a base activity that protects its subclasses
		const body = cls.childForFieldName('body') ?? cls.namedChildren.find((c) => c?.type === 'class_body');
		const text = cls.text;
		const word = sensitiveName(ctx, name.text) ?? (SECRET_FIELD_ANDROID.test(text) ? 'secret input field' : undefined);
		if (!word || !body) continue;
		if (/FLAG_SECURE|SecureFlagPolicy\.SecureOn/.test(text)) continue;
		const fixes: Fix[] = [];
		const anchor = callsMatching(ctx, /\b(setContentView|setContent)\s*[({]/g).find((c) => c.start >= cls.startIndex && c.end <= cls.endIndex && (c.method === 'setContentView' || c.method === 'setContent') && c.receiver === '');
		if (anchor) {
			const ls = lineStartOf(ctx.file.text, anchor.start);
			const ind = indentAt(ctx.file.text, anchor.start);
			const flag = 'WindowManager.LayoutParams.FLAG_SECURE';
			const line = java ? `${ind}getWindow().setFlags(${flag}, ${flag});\n` : `${ind}window.setFlags(${flag}, ${flag})\n`;
			const edits = [replace(ctx, ls, ls, line)];
			if (!/import\s+android\.view\.WindowManager\b/.test(ctx.file.text)) {
				const at = importInsertOffset(ctx);
				edits.push(replace(ctx, at.offset, at.offset, `${at.prefix}import android.view.WindowManager${java ? ';' : ''}${at.suffix}`));
			}
			fixes.push({ title: 'Set FLAG_SECURE before the content is shown', preferred: true, edits });
		}
		ctx.report({
			start: name.startIndex,
			end: name.endIndex,
			severity: 'info',
			message: `${name.text} shows sensitive content (${word}) but never sets FLAG_SECURE: screenshots, screen recordings and the recent-apps thumbnail capture it. Call window.setFlags(FLAG_SECURE, FLAG_SECURE) before setContentView (or inherit from a base Activity that does).`,
			fixes,
		});
	}
}

// ---------------------------------------------------------------- React Native

function componentBody(decl: Node): Node | undefined {
	if (decl.type === 'function_declaration') return decl.childForFieldName('body') ?? undefined;
	const v = decl.childForFieldName('value');
	if (v && (v.type === 'arrow_function' || v.type === 'function_expression' || v.type === 'function')) return v.childForFieldName('body') ?? undefined;
	return undefined;
}

function checkReactNative(ctx: RuleContext): void {
	const text = ctx.file.text;
	if (occursIn(ctx.file, RN_PROTECTED) || appWide(ctx)) return;
	if (!occursIn(ctx.file, JSX_CAPITAL)) return;
	for (const decl of declarations(ctx, RN_COMPONENT, new Set(['function_declaration', 'variable_declarator']))) {
		const name = decl.childForFieldName('name');
		if (!name || name.type !== 'identifier' || !/^[A-Z]/.test(name.text)) continue;
		const body = componentBody(decl);
		if (!body || !/<[A-Za-z]/.test(body.text)) continue;
		const byName = RN_SCREEN_NAME.test(name.text) ? sensitiveName(ctx, name.text) : undefined;
		const word = byName ?? (SECRET_FIELD_JS.test(body.text) ? 'OTP / card field' : undefined);
		if (!word) continue;
		const fixes: Fix[] = [];
		if (ctx.project.npmDependencies.has('expo-screen-capture') && body.type === 'statement_block') {
			const first = body.namedChildren.find((c) => c !== null && c.type !== 'comment');
			const at = first ? lineStartOf(text, first.startIndex) : body.startIndex + 1;
			const ind = first ? indentAt(text, first.startIndex) : '  ';
			const edits = [replace(ctx, at, at, `${first ? '' : '\n'}${ind}usePreventScreenCapture();\n`)];
			const imp = importInsertOffset(ctx);
			edits.push(replace(ctx, imp.offset, imp.offset, `${imp.prefix}import { usePreventScreenCapture } from 'expo-screen-capture';${imp.suffix}`));
			fixes.push({ title: 'Block screenshots on this screen (usePreventScreenCapture)', preferred: true, edits });
		}
		ctx.report({
			start: name.startIndex,
			end: name.endIndex,
			severity: 'info',
			message: `${name.text} shows sensitive content (${word}) with no screenshot protection: screenshots, screen recordings and the app-switcher snapshot capture it. Use expo-screen-capture's usePreventScreenCapture() (or a FLAG_SECURE native module).`,
			fixes,
		});
	}
}

// ---------------------------------------------------------------- iOS

function checkSwift(ctx: RuleContext): void {
	if (SWIFT_PROTECTED.test(ctx.file.text)) return;
	for (const cls of declarations(ctx, SWIFT_TYPE, new Set(['class_declaration']))) {
		const name = cls.childForFieldName('name');
		const inherits = cls.namedChildren.filter((c) => c?.type === 'inheritance_specifier').map((c) => c!.text).join(' ');
		if (!name || !/\b(UIViewController|UITableViewController|View)\b/.test(inherits)) continue;
		const word = sensitiveName(ctx, name.text);
		if (!word) continue;
		ctx.report({
			start: name.startIndex,
			end: name.endIndex,
			severity: 'info',
			message: `${name.text} shows sensitive content (${word}) with no snapshot or capture protection: the app-switcher snapshot, screenshots and screen recordings capture it. Hide it when the scene resigns active and react to UIScreen.capturedDidChangeNotification.`,
		});
	}
}

// ---------------------------------------------------------------- Flutter

function checkFlutter(ctx: RuleContext): void {
	if (DART_PROTECTED.test(ctx.file.text) || appWide(ctx)) return;
	for (const cls of declarations(ctx, DART_CLASS, new Set(['class_definition']))) {
		const name = cls.childForFieldName('name');
		const sup = cls.childForFieldName('superclass')?.text ?? '';
		if (!name || !/\b(StatelessWidget|StatefulWidget|ConsumerWidget|ConsumerStatefulWidget|HookWidget|HookConsumerWidget)\b/.test(sup)) continue;
		// The State class of a StatefulWidget is in the same file: look at the whole file for fields.
		const word = sensitiveName(ctx, name.text) ?? (SECRET_FIELD_DART.test(cls.text) ? 'OTP / card field' : undefined);
		if (!word) continue;
		ctx.report({
			start: name.startIndex,
			end: name.endIndex,
			severity: 'info',
			message: `${name.text} shows sensitive content (${word}) with no screenshot protection: screenshots, recordings and the app-switcher snapshot capture it. Enable it while the screen is visible (screen_protector / no_screenshot / FLAG_SECURE in MainActivity).`,
		});
	}
}

export const screenshotProtectionMissing: Rule = {
	meta: {
		id: 'screenshot-protection-missing',
		title: 'Sensitive screen without screenshot / recents protection',
		severity: 'info',
		sections: ['STORE'],
		masvs: ['MASVS-PLATFORM-3', 'MASWE-0055'],
		kinds: ['kotlin', 'java', 'javascript', 'tsx', 'typescript', 'dart', 'swift'],
		textGate: mayLackScreenshotProtection,
		// Screen names and secret fields; a screen with none of these words is not sensitive.
		triggers: ['Payment', 'Card', 'Pin', 'Recovery', 'Seed', 'Checkout', 'Wallet', 'Otp', 'OTP', 'Cvv', 'CVV', 'Iban', 'IBAN', 'Mnemonic', 'Passcode', 'Backup', 'Banking', 'Transfer', 'oneTimeCode', 'cc-number', 'cc-csc', 'sms-otp', 'one-time-code', 'CREDIT_CARD', 'CreditCard', 'creditCard', 'SMS_OTP', 'SmsOtp'],
		why: 'Card numbers, OTPs, recovery phrases and PINs on screen end up in screenshots, screen recordings, casting and the recent-apps snapshot, which other apps, cloud photo sync and shoulder-surfers can see.',
		fix: 'Android: set FLAG_SECURE on the window (before setContentView); React Native: usePreventScreenCapture() from expo-screen-capture; Flutter: screen_protector / no_screenshot (or FLAG_SECURE in MainActivity); iOS: hide content when the scene resigns active.',
	},
	check(ctx) {
		if (!ctx.tree) return;
		switch (ctx.file.kind) {
			case 'kotlin':
			case 'java':
				return checkAndroid(ctx);
			case 'dart':
				return checkFlutter(ctx);
			case 'swift':
				return checkSwift(ctx);
			default:
				return checkReactNative(ctx);
		}
	},
};
