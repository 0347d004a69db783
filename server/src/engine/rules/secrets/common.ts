import type { Severity } from '../../types';
import { execAll, execEach, type Searched } from '../../textSearch';

/**
 * Shared pieces of the secrets rules: provider key formats, placeholder and
 * entropy tests. Nothing here ever returns a whole secret for display.
 */

/**
 * Placeholder values people commit instead of real secrets (catalog §1.1
 * secret-known-format NOT list), and template slots filled in at runtime or
 * build time: `{weblate_token}`, `${TOKEN}`, `{{token}}`, `%s`, `$(API_KEY)`,
 * `__API_KEY__`, `Change_here`, `<your key>`. The bracketed slots exclude their
 * own opening bracket so the pattern stays linear (test/redos).
 */
const PLACEHOLDER = /(your[_-]?|<[^<>]*>|\$\{[^${}]*\}|\{\{[^{}]*\}\}|\{[A-Za-z_][\w.-]*\}|\$\([A-Za-z_]\w*\)|^__[A-Z0-9_]+__$|%(\d+\$)?[s@d]|x{3,}|X{3,}|\*{3,}|changeme|change[_-]?me|change[_-]?(here|this|it)|enter[_-]?(your|the)[_-]|put[_-]?(your|the)[_-]|add[_-]?your|example|sample|dummy|placeholder|replace[_-]?(me|with|this)|redacted|insert[_-]|todo|fixme|fake|mock|lorem|^test$|^password$|^secret$|\.\.\.|…)/i;

export function isPlaceholder(value: string): boolean {
	const v = value.trim();
	if (v === '') return true;
	if (PLACEHOLDER.test(v)) return true;
	// all one character (000000, aaaaaaa) or all zero hex
	if (/^(.)\1*$/.test(v.replace(/[-_.]/g, ''))) return true;
	if (/^[0_.-]+$/.test(v)) return true;
	return false;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
	if (s.length === 0) return 0;
	const counts = new Map<string, number>();
	for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
	let h = 0;
	for (const n of counts.values()) {
		const p = n / s.length;
		h -= p * Math.log2(p);
	}
	return h;
}

export function characterClasses(s: string): number {
	return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(s)).length;
}

/** The shortest and longest values looksLikeSecretValue accepts. */
export const MIN_SECRET_LENGTH = 8;
export const MAX_SECRET_LENGTH = 4096;

/** Looks like a real credential value: long enough, random-looking or mixed classes, not prose, not a placeholder. */
export function looksLikeSecretValue(value: string): boolean {
	const v = value;
	if (v.length < MIN_SECRET_LENGTH || v.length > MAX_SECRET_LENGTH) return false;
	// Prose / UI text (any script). The look-behind starts a try only at a word's first letter, and
	// two letters after the space suffice: linear on one long run of letters (test/redos).
	if (/\s/.test(v.trim()) && /(?<!\p{L})\p{L}{2,}\s+\p{L}{2}/u.test(v)) return false;
	if (isPlaceholder(v)) return false;
	if (/^(https?|wss?|file|content):\/\//i.test(v)) return false;
	if (/^[a-z]+(\.[a-z0-9_]+){2,}$/i.test(v)) return false; // reverse-DNS ids, property paths
	const classes = characterClasses(v);
	return entropy(v) >= 3 || classes >= 3 || (classes >= 2 && /[0-9]/.test(v) && /[A-Za-z]/.test(v));
}

/** A value that is just a storage-key spelling of a name: `auth_token`, `@password`, `user.session`. */
export function isKeySpelling(value: string): boolean {
	return /^[@$]?[A-Za-z][A-Za-z_.:/-]*$/.test(value) && !/[0-9]/.test(value) && (/[_.:@/-]/.test(value) || value === value.toLowerCase() || /^[a-z]+([A-Z][a-z]+)+$/.test(value));
}

/**
 * A value spelled like an identifier, a storage key, a preference key or an
 * analytics event name, digits in words allowed: `RC_E2E_PRIVATE_KEY`,
 * `app.k9mail_auth`, `e2e_sec_copy_password`, `@Session:token`. Generated
 * secrets are not: they mix cases at random or carry long digit runs.
 */
export function isIdentifierLike(value: string): boolean {
	if (!/^[@$]?[A-Za-z][A-Za-z0-9]*(?:[_.:/-]+[A-Za-z0-9]+)*$/.test(value) || value.length > 80) return false;
	if ((value.match(/[0-9]/g)?.length ?? 0) > 3 || /[0-9]{3,}/.test(value)) return false;
	const words = value.replace(/^[@$]/, '').split(/[_.:/-]+/);
	// One case per word (snake, SCREAMING_SNAKE, dotted) or camelCase words.
	return words.every((w) => w === w.toLowerCase() || w === w.toUpperCase() || /^[a-z]+[0-9]?([A-Z][a-z]+[0-9]?)*$/.test(w) || /^[A-Z][a-z]+[0-9]?([A-Z][a-z]+[0-9]?)*$/.test(w));
}

/** Regular-expression source (`([a-zA-Z0-9-!#$%&'*+.^_\`{|}~]+)`, `^\d{6}$`): a pattern, not a secret. */
export function looksLikeRegex(value: string): boolean {
	return /^\^|\$$|\\[dDwWsSbB]|\(\?[:=!<]|[)\]][+*?]\)?$|\{\d+(,\d*)?\}/.test(value) || hasRangeClass(value);
}

/**
 * A character class with a range (`[a-z0-9]`, `[^A-F]`): a `[` whose text up to the next `]` holds
 * `X-Y`. Each `]`-delimited chunk is read once from its first `[` (a regex would rescan to the end
 * from every `[`).
 */
function hasRangeClass(value: string): boolean {
	const chunks = value.split(']');
	for (let i = 0; i < chunks.length - 1; i++) {
		const open = chunks[i]!.indexOf('[');
		if (open >= 0 && /[a-zA-Z0-9]-[a-zA-Z0-9]/.test(chunks[i]!.slice(open + 1))) return true;
	}
	return false;
}

/**
 * Keys their providers document as public (they identify the app, they do
 * not authorise anything): PostHog project keys `phc_…`, Stripe publishable
 * keys `pk_live_…` / `pk_test_…`, Mapbox public tokens `pk.eyJ…`,
 * RevenueCat public SDK keys `appl_…` / `goog_…` / `amzn_…`.
 */
export function documentedPublicKey(value: string): string | undefined {
	if (/^phc_[A-Za-z0-9]{20,}$/.test(value)) return 'PostHog project API key (public by design)';
	if (/^pk_(live|test)_[0-9A-Za-z]{10,}$/.test(value)) return 'Stripe publishable key (public by design)';
	if (/^pk\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) return 'Mapbox public access token (public by design)';
	if (/^(appl|goog|amzn|stripe|rcb)_[A-Za-z0-9]{20,}$/.test(value)) return 'RevenueCat public SDK key (public by design)';
	return undefined;
}

/** Runs that make a value hand-written rather than generated: `1234`, `abcd`, `qwerty`, `Password1`. */
const HUMAN = /(0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|qwert|asdf|zxcv|pass|word|secret|admin|guest|user|login|test|demo|hello|welcome|letmein|default|local|dev|temp|changeit|(.)\2\2)/i;

/**
 * How much a credential-shaped literal tells about itself: `likely` for a
 * generated-looking value (long, high entropy, no words or sequences), `name`
 * for a hand-written one (`Test1234!dev`, a guest password) where only the
 * name says it is a credential.
 */
export function valueEvidence(value: string): 'likely' | 'name' {
	const bits = entropy(value);
	if (value.length < 12 || bits < 3.2 || HUMAN.test(value)) return 'name';
	if (characterClasses(value) < 2 && !/^[0-9a-f]{24,}$/i.test(value)) return 'name';
	// Letter runs of one case longer than 6 are words more often than random output.
	if ((value.match(/[a-z]{7,}|[A-Z]{7,}/g) ?? []).length > 0 && !/^[0-9a-f]+$/i.test(value)) return 'name';
	return 'likely';
}

export interface KnownSecret {
	/** Provider / format name for messages. */
	what: string;
	provider: string;
	/** Offset of the match within the scanned string. */
	index: number;
	/** The matched secret (callers mask it). */
	value: string;
	severity: Severity;
	note: string;
	/** Google API keys: client keys by design in some places. */
	google?: boolean;
}

interface Format {
	provider: string;
	what: string;
	re: RegExp;
	severity: Severity;
	note?: string;
	/** Extra validation of the match. */
	check?: (m: string, all: string, index: number) => boolean;
}

function decodeJsonSegment(seg: string): Record<string, unknown> | undefined {
	try {
		const json = Buffer.from(seg.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
		const v: unknown = JSON.parse(json);
		return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

const ROTATE = 'Rotate it now (it is in the git history) and move the call behind your backend.';

const FORMATS: Format[] = [
	{ provider: 'aws', what: 'AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, severity: 'error' },
	{ provider: 'stripe', what: 'Stripe live secret key', re: /\b[sr]k_live_[0-9a-zA-Z]{20,99}\b/g, severity: 'error' },
	{ provider: 'stripe', what: 'Stripe test secret key', re: /\bsk_test_[0-9a-zA-Z]{20,99}\b/g, severity: 'info', note: 'Test keys cannot move real money, but they expose your Stripe test data; keep them out of the app too.' },
	{ provider: 'github', what: 'GitHub token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/g, severity: 'error' },
	{ provider: 'github', what: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{60,100}\b/g, severity: 'error' },
	{ provider: 'slack', what: 'Slack token', re: /\bxox[bpas]-[0-9A-Za-z-]{10,80}/g, severity: 'error' },
	{ provider: 'slack', what: 'Slack incoming webhook', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}/g, severity: 'error' },
	{ provider: 'sendgrid', what: 'SendGrid API key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, severity: 'error' },
	{ provider: 'twilio', what: 'Twilio API key', re: /\bSK[0-9a-f]{32}\b/g, severity: 'error' },
	{ provider: 'openai', what: 'OpenAI API key', re: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,200}|\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b/g, severity: 'error' },
	{ provider: 'anthropic', what: 'Anthropic API key', re: /\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{40,120}/g, severity: 'error' },
	{
		provider: 'pem',
		what: 'PEM private key',
		re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
		severity: 'error',
		// A header alone is a parsing needle (`pem.replace('-----BEGIN PRIVATE KEY-----', '')`); a key has a body.
		check: (m, all, i) => /^(?:[A-Za-z0-9+/=]|\\[nrt]|["'`\s,]){60,}/.test(all.slice(i + m.length, i + m.length + 400)) && (all.slice(i + m.length, i + m.length + 400).match(/[A-Za-z0-9+/]/g)?.length ?? 0) >= 48,
		note: 'A private key in the app can be extracted by anyone with the binary; generate keys on the device (Keystore / Secure Enclave) or keep them on the server.',
	},
	{
		provider: 'jwt',
		what: 'JSON Web Token',
		re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
		severity: 'error',
		check: (m) => {
			const [h, p, sig] = m.split('.');
			const header = decodeJsonSegment(h!);
			if (!header || typeof header.alg !== 'string' || header.alg === 'none') return false;
			if (isPlaceholder(sig!) || /^(signature|sig|abc|test)/i.test(sig!)) return false;
			// Supabase anon keys are public by design (rn-env-secret-in-bundle treats them as info).
			const payload = decodeJsonSegment(p!);
			return !(payload && payload.role === 'anon');
		},
		note: 'A hard-coded bearer token works for anyone who extracts it and is usually long-lived.',
	},
	{ provider: 'google', what: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, severity: 'warning' },
];

/** The trigger substrings of every format (for RuleMeta.triggers). */
export const KNOWN_FORMAT_TRIGGERS = ['AKIA', 'ASIA', 'sk_live_', 'rk_live_', 'sk_test_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'xoxb-', 'xoxp-', 'xoxa-', 'xoxs-', 'hooks.slack.com', 'SG.', 'SK', 'sk-', 'PRIVATE KEY', 'eyJ', 'AIza'];

/**
 * Every provider-format secret in a piece of text (offsets relative to it). `file`: the text is that
 * file's whole text, searched through its scan memory (an open document's matches kept across edits).
 */
export function findKnownSecrets(s: string, file?: Searched): KnownSecret[] {
	const out: KnownSecret[] = [];
	for (const f of FORMATS) {
		for (const m of file ? execAll(file, f.re) : execEach(f.re, s)) {
			const v = m[0];
			if (f.check && !f.check(v, s, m.index)) continue;
			if (f.provider !== 'pem' && f.provider !== 'jwt' && isPlaceholder(v.replace(/^(AKIA|ASIA|sk_live_|rk_live_|sk_test_|gh[pousr]_|github_pat_|xox[bpas]-|SG\.|SK|sk-(proj|svcacct|admin)-|sk-ant-|AIza)/, ''))) continue;
			if (/EXAMPLE|example/.test(v)) continue;
			const k: KnownSecret = { what: f.what, provider: f.provider, index: m.index, value: v, severity: f.severity, note: f.note ?? ROTATE };
			if (f.provider === 'google') k.google = true;
			out.push(k);
		}
	}
	return out.sort((a, b) => a.index - b.index);
}

/** Does this value contain a provider-format secret (so the generic rule leaves it to secret-known-format)? */
export function hasKnownFormat(s: string): boolean {
	return findKnownSecrets(s).some((k) => !k.google);
}

/** AWS secret access keys have no prefix: 40 base64 characters next to an AWS secret name. */
export function isAwsSecretAccessKey(value: string, context: string): boolean {
	return /^[A-Za-z0-9/+]{40}$/.test(value) && /[0-9]/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /aws.{0,20}secret|secret.?access.?key/i.test(context) && !isPlaceholder(value);
}
