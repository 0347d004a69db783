import type { Rule } from '../../types';
import { attr, hasAncestor, walk } from '../../parse/xml';
import { isLoopbackHost } from '../shared/urls';
import { replace } from '../shared/edits';

export const androidNscCleartextPermitted: Rule = {
	meta: {
		id: 'android-nsc-cleartext-permitted',
		title: 'Network security config permits cleartext',
		severity: 'error',
		sections: ['COMMS'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['nsc'],
		triggers: ['cleartextTrafficPermitted'],
		why: '`cleartextTrafficPermitted="true"` in a network security config allows unencrypted HTTP: for every host in `<base-config>`, or for the listed domains in a `<domain-config>`.',
		fix: 'Set cleartextTrafficPermitted="false". Keep development hosts in `<debug-overrides>` or a debug-only config.',
	},
	check(ctx) {
		const root = ctx.xml?.root;
		if (!root || ctx.file.isDebugSource) return;
		for (const el of walk(root)) {
			if (el.name !== 'base-config' && el.name !== 'domain-config') continue;
			if (hasAncestor(el, 'debug-overrides')) continue;
			const a = attr(el, 'cleartextTrafficPermitted');
			if (!a || a.value.trim() !== 'true') continue;
			const fix = { title: 'Set cleartextTrafficPermitted="false"', preferred: true, fixAll: true, edits: [replace(ctx, a.valueStart, a.valueEnd, 'false')] };
			if (el.name === 'base-config') {
				ctx.report({ start: a.start, end: a.end, message: '<base-config cleartextTrafficPermitted="true"> allows unencrypted HTTP to every host the app contacts. Set it to "false".', fixes: [fix] });
				continue;
			}
			const domains = el.children.filter((c) => c.name === 'domain').map((c) => c.text);
			if (domains.length > 0 && domains.every(isLoopbackHost)) {
				ctx.report({ start: a.start, end: a.end, severity: 'hint', message: `Cleartext is permitted only for loopback/emulator hosts (${domains.join(', ')}); fine for development, but consider moving it to <debug-overrides>.`, fixes: [] });
				continue;
			}
			const shown = domains.slice(0, 3).join(', ') + (domains.length > 3 ? ', …' : '');
			ctx.report({ start: a.start, end: a.end, severity: 'warning', message: `<domain-config cleartextTrafficPermitted="true"> allows unencrypted HTTP to ${shown || 'these domains'}. Serve them over HTTPS and set it to "false".`, fixes: [fix] });
		}
	},
};
