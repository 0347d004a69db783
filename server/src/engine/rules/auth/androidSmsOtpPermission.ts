import type { Rule, RuleContext } from '../../types';
import { androidAttr, walk } from '../../parse/xml';
import { nodesOfType } from '../shared/ast';
import { CALL_NODE_TYPES, callInfo } from './calls';

const RULE_ID = 'android-sms-otp-permission';
const SMS_PERMISSIONS = new Set(['android.permission.READ_SMS', 'android.permission.RECEIVE_SMS']);
const ADVICE = 'Use the SMS Retriever API (no permission, app-hash SMS) or the SMS User Consent API; in React Native use autoComplete="sms-otp" / textContentType="oneTimeCode".';

/** Default SMS apps declare an SMS_DELIVER receiver; they legitimately hold SMS permissions. */
function isDefaultSmsApp(text: string): boolean {
	return /android\.provider\.Telephony\.SMS_DELIVER/.test(text) && /android\.permission\.BROADCAST_SMS/.test(text);
}

function checkManifest(ctx: RuleContext): void {
	const root = ctx.xml?.root;
	if (!root || isDefaultSmsApp(ctx.file.text)) return;
	for (const el of walk(root)) {
		if (el.name !== 'uses-permission' && el.name !== 'uses-permission-sdk-23') continue;
		const name = androidAttr(el, 'name');
		if (!name || !SMS_PERMISSIONS.has(name.value)) continue;
		// tools:node="remove" strips a permission a library merged in: that is the fix, not the problem.
		if (el.attrs.some((a) => a.local === 'node' && a.value === 'remove')) continue;
		ctx.report({
			start: el.start,
			end: el.end,
			message: `${name.value.replace('android.permission.', '')} gives the app every SMS on the device (bank codes, other apps' OTPs, private messages) and Google Play only allows it for default SMS apps. ${ADVICE}`,
		});
	}
}

/** Code that reads SMS bodies itself: `SmsMessage.createFromPdu`, `Telephony.Sms.Intents.getMessagesFromIntent`, `content://sms` queries. */
function checkCode(ctx: RuleContext): void {
	const text = ctx.file.text;
	if (/SmsRetriever|SmsCodeRetriever|startSmsUserConsent/.test(text)) return;
	for (const n of nodesOfType(ctx.tree!, CALL_NODE_TYPES)) {
		const c = callInfo(n);
		if (!c) continue;
		const recv = c.receiver?.text ?? '';
		const hit =
			(c.name === 'createFromPdu' && /SmsMessage/.test(recv)) ||
			(c.name === 'getMessagesFromIntent' && /Intents/.test(recv)) ||
			(c.name === 'query' && c.args.some((a) => /Telephony\.Sms|content:\/\/sms/.test(a.text)));
		if (!hit) continue;
		ctx.report({
			start: c.nameNode.startIndex,
			end: c.nameNode.endIndex,
			message: `Reading SMS messages directly (${c.name}) needs READ_SMS / RECEIVE_SMS, which expose every message on the device. ${ADVICE}`,
		});
	}
}

export const androidSmsOtpPermission: Rule = {
	meta: {
		id: RULE_ID,
		title: 'SMS permission used to read one-time codes',
		severity: 'warning',
		sections: ['AUTH'],
		masvs: ['MASVS-AUTH-3', 'MASVS-PRIVACY-1', 'MASWE-0117'],
		kinds: ['android-manifest', 'kotlin', 'java'],
		triggers: ['READ_SMS', 'RECEIVE_SMS', 'createFromPdu', 'getMessagesFromIntent', 'content://sms', 'Telephony.Sms'],
		why: 'READ_SMS / RECEIVE_SMS give the app every text message on the device, including other services\' one-time codes; Google Play restricts them to default SMS apps, and the SMS Retriever / User Consent APIs read the one code the app needs without any permission.',
		fix: 'Remove the SMS permissions and read OTPs with the SMS Retriever API or SMS User Consent API (RN: autoComplete="sms-otp"; iOS: textContentType .oneTimeCode).',
	},
	check(ctx) {
		if (ctx.file.kind === 'android-manifest') checkManifest(ctx);
		else if (ctx.tree) checkCode(ctx);
	},
};
