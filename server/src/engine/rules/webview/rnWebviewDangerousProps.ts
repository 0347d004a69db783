import type { Fix, Rule, RuleContext, Severity } from '../../types';
import { isDebugOnly } from '../shared/debug';
import { deleteProp, isBundledPage, pageOf, rnWebViews, setProp, stringOf, truthOf, type RnWebView, type WebViewProp } from './rnWebView';

const RULE_ID = 'rn-webview-dangerous-props';

/**
 * react-native-webview props whose non-default value weakens the sandbox.
 * Library defaults (docs/Reference.md): allowFileAccess, allowFileAccessFromFileURLs and
 * allowUniversalAccessFromFileURLs false; mixedContentMode "never"; setSupportMultipleWindows true;
 * javaScriptCanOpenWindowsAutomatically false; geolocationEnabled false.
 */
interface BoolProp {
	name: string;
	/** The value that weakens the sandbox. */
	bad: 'true' | 'false';
	severity: Severity;
	/** Severity when the WebView shows a page the app bundles (null: same). */
	bundled: Severity | null;
	/** Only reported for remote pages. */
	remoteOnly?: boolean;
	why: string;
}

const BOOL_PROPS: BoolProp[] = [
	{ name: 'allowUniversalAccessFromFileURLs', bad: 'true', severity: 'error', bundled: null, why: 'a page loaded from a file:// URL can read any file the app can and send it to any origin' },
	{ name: 'allowFileAccessFromFileURLs', bad: 'true', severity: 'warning', bundled: 'info', why: 'a page loaded from a file:// URL can read other local files (the app\'s databases and tokens included)' },
	{ name: 'allowFileAccess', bad: 'true', severity: 'warning', bundled: 'info', why: 'the WebView can open file:// URLs, so a page (or a link it is sent) can reach the app\'s private files (default false)' },
	{ name: 'setSupportMultipleWindows', bad: 'false', severity: 'warning', bundled: 'info', why: 'it re-exposes the CVE-2020-6506 universal cross-site scripting on outdated Android System WebViews (default true)' },
	{ name: 'javaScriptCanOpenWindowsAutomatically', bad: 'true', severity: 'warning', bundled: 'info', why: 'pages can open new windows without a user gesture (pop-ups, tab-nabbing of the app\'s WebView)' },
	{ name: 'geolocationEnabled', bad: 'true', severity: 'hint', bundled: null, remoteOnly: true, why: 'remote pages can ask for the device location inside the app' },
];

/** `allowingReadAccessToURL` values that are a whole app directory rather than the page's own folder. */
const ROOT_DIR = /^(?:['"`]file:\/\/['"`]\s*\+\s*|`file:\/\/\$\{)?\s*(RNFS|FileSystem|ReactNativeBlobUtil\.fs\.dirs|RNFetchBlob\.fs\.dirs|Paths|FS)\.(DocumentDirectoryPath|documentDirectory|CachesDirectoryPath|cacheDirectory|LibraryDirectoryPath|TemporaryDirectoryPath|DocumentDir|CacheDir|LibraryDir|document|cache)\s*\}?(\s*\+\s*['"`]\/?['"`]|\/)?`?$/;

function fix(ctx: RuleContext, p: WebViewProp, safe: string | undefined): Fix[] {
	const out: Fix[] = [{ title: `Remove ${p.name} (restores the safe default)`, preferred: true, fixAll: true, edits: [deleteProp(ctx, p)] }];
	if (safe !== undefined) out.push({ title: `Set ${p.name} to ${safe}`, edits: [setProp(ctx, p, safe)] });
	return out;
}

function check(ctx: RuleContext, w: RnWebView): void {
	if (isDebugOnly(ctx.file, w.element)) return;
	const page = pageOf(w);
	const bundled = isBundledPage(page);
	const universal = truthOf(w.props.get('allowUniversalAccessFromFileURLs')) === 'true';
	const where = bundled ? ' (the page is bundled with the app, so only its own content and what it renders are at risk)' : '';
	for (const spec of BOOL_PROPS) {
		const p = w.props.get(spec.name);
		if (!p || truthOf(p) !== spec.bad) continue;
		if (spec.remoteOnly && (bundled || page.kind === 'none')) continue;
		// allowFileAccess on a bundled page without universal access: the catalog's "low".
		const severity = bundled && spec.bundled && !(spec.name === 'allowFileAccess' && universal) ? spec.bundled : spec.severity;
		const safe = spec.bad === 'true' ? 'false' : 'true';
		ctx.report({
			start: p.node.startIndex,
			end: p.node.endIndex,
			severity,
			message: `${spec.name}={${spec.bad}} on this WebView: ${spec.why}${where}. Remove it (or set ${safe}).`,
			fixes: fix(ctx, p, safe),
		});
	}
	const mixed = w.props.get('mixedContentMode');
	const mode = stringOf(mixed, ctx.tree!);
	if (mixed && (mode === 'always' || mode === 'compatibility')) {
		ctx.report({
			start: mixed.node.startIndex,
			end: mixed.node.endIndex,
			severity: mode === 'always' ? 'warning' : 'info',
			message: `mixedContentMode="${mode}": an https page in this WebView ${mode === 'always' ? 'loads any http:// script, frame or image' : 'loads some http:// content (images, media)'}, which anyone on the network can read or replace. Use "never" (the default).`,
			fixes: [{ title: 'Set mixedContentMode to "never"', preferred: true, fixAll: true, edits: [setProp(ctx, mixed, "'never'")] }, { title: 'Remove mixedContentMode (default "never")', edits: [deleteProp(ctx, mixed)] }],
		});
	}
	const read = w.props.get('allowingReadAccessToURL');
	if (read?.value && ROOT_DIR.test(read.value.text.trim())) {
		ctx.report({
			start: read.node.startIndex,
			end: read.node.endIndex,
			message: `allowingReadAccessToURL is a whole app directory (${read.value.text.trim()}): a page loaded from a file:// URL can read every file in it, tokens and databases included. Point it at the folder that holds only the page and its assets.`,
		});
	}
}

export const rnWebviewDangerousProps: Rule = {
	meta: {
		id: RULE_ID,
		title: 'React Native WebView props that weaken its sandbox',
		severity: 'warning',
		sections: ['STORE', 'COMMS'],
		masvs: ['MASVS-PLATFORM-2', 'MASWE-0069', 'MASWE-0072', 'MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['javascript', 'typescript', 'tsx'],
		triggers: ['allowUniversalAccessFromFileURLs', 'allowFileAccess', 'allowingReadAccessToURL', 'mixedContentMode', 'setSupportMultipleWindows', 'javaScriptCanOpenWindowsAutomatically', 'geolocationEnabled'],
		alsoRequires: ['webview'],
		why: 'File access, universal file-URL access and mixed content open the app\'s files and the page\'s script to other origins and to the network; turning off setSupportMultipleWindows brings back a known UXSS on old WebViews.',
		fix: 'Remove the prop (the library default is the safe value) or set it to false / "never"; point allowingReadAccessToURL at the page\'s own folder.',
	},
	check(ctx) {
		for (const w of rnWebViews(ctx)) check(ctx, w);
	},
};
