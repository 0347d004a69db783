import type { FileKind } from '../../files';
import { type Flow, flowOf, type SinkArg, type SinkHit, type SinkKind, strongest } from '../../flow';
import { maySinkTo } from '../shared/sinkGate';
import type { Evidence, Fix, Rule, RuleContext } from '../../types';
import { replace } from '../shared/edits';
import { isLoopbackHost } from '../shared/urls';

/**
 * Plaintext sockets (`socket` sinks of `flow/models/sockets.ts`): a java.net
 * `Socket` / `ServerSocket`, the plain `SocketFactory`, Network.framework with
 * `.tcp` parameters, CFStream / NSStream pairs and GCDAsyncSocket without an SSL
 * level, dart:io `Socket.connect` / `ServerSocket.bind`, react-native-tcp-socket
 * without `tls`. UDP is reported only where a packet evidently carries a secret.
 *
 * Not reported: loopback hosts and bind addresses, sockets the code wraps in TLS
 * (`SSLSocketFactory.createSocket(socket, host, port, autoClose)`,
 * `SecureSocket.secure`, `startTLS:`, `kCFStreamSSLLevel`), and test code (the
 * file classifier keeps it out).
 */

/** Text that says a host is the device itself. */
const LOOPBACK_TEXT = /\b(getLoopbackAddress|loopbackIPv4|loopbackIPv6|LOOPBACK|localhost)\b|["']127\.\d+\.\d+\.\d+["']|["']::1["']/;

/** File text that upgrades stream / GCDAsyncSocket connections to TLS. */
const APPLE_TLS = /\b(kCFStreamSSLLevel|kCFStreamPropertySSLSettings|NSStreamSocketSecurityLevelKey|NSStreamSocketSecurityLevelNegotiatedSSL|NSStreamSocketSecurityLevelTLSv1|socketSecurityLevel|startTLS)\b/;

interface Target {
	/** "chat.shopfast.example:5222", "port 9090 on every network interface", "the host `host`". */
	where: string;
	evidence: Evidence;
	/** A server socket: it listens rather than connects. */
	listening?: boolean;
}

function argText(ctx: RuleContext, a: SinkArg | undefined): string {
	return a ? ctx.file.text.slice(a.start, a.end) : '';
}

/** The constant text a value can be, when the whole value is one. */
function constantText(flow: Flow, a: SinkArg | undefined): string | undefined {
	if (!a) return undefined;
	const v = flow.valueOf(a);
	return v.constant && !v.unknown ? v.constant.fact.text : undefined;
}

/** Host and port of a client socket; undefined when the host is the device itself. */
function clientTarget(ctx: RuleContext, flow: Flow, host: SinkArg | undefined, port: SinkArg | undefined): Target | undefined {
	const text = argText(ctx, host);
	if (LOOPBACK_TEXT.test(text)) return undefined;
	const h = constantText(flow, host);
	const p = constantText(flow, port);
	if (h !== undefined) {
		if (isLoopbackHost(h.trim())) return undefined;
		return { where: `${h}${p ? `:${p}` : ''}`, evidence: 'strong' };
	}
	const name = text.replace(/\s+/g, ' ').slice(0, 40);
	return { where: `${name ? `the host \`${name}\`` : 'a host'}${p ? ` port ${p}` : ''}`, evidence: 'likely' };
}

/** A server socket: reported unless it binds to the loopback address. */
function serverTarget(ctx: RuleContext, flow: Flow, hit: SinkHit): Target | undefined {
	const texts = hit.args.map((a) => argText(ctx, a));
	if (texts.some((t) => LOOPBACK_TEXT.test(t))) return undefined;
	for (const a of hit.args) {
		const c = constantText(flow, a);
		if (c !== undefined && /[a-z:]/i.test(c) && isLoopbackHost(c.trim())) return undefined;
	}
	const port = hit.model.id === 'socket.dart-bind' ? constantText(flow, hit.args[1]) : constantText(flow, hit.args[0]);
	return { where: `${port && /^\d+$/.test(port) ? `port ${port}` : 'a port'} on every network interface`, evidence: 'strong', listening: true };
}

/**
 * Names of sockets the file layers TLS over (`factory.createSocket(socket, host, port, …)`, STARTTLS /
 * POP3 STLS upgrades of a `socket` field): a plain socket held under one of these names is the first half
 * of that upgrade, or a connection-security choice the user made (mail clients).
 */
const LAYERED = /\bcreateSocket\s*\(\s*(?:this\.)?([A-Za-z_]\w*)\s*,[^,()]+,[^,()]+,/g;

function layeredNames(text: string): Set<string> {
	const out = new Set<string>();
	LAYERED.lastIndex = 0;
	for (let m = LAYERED.exec(text); m; m = LAYERED.exec(text)) out.add(m[1]!);
	return out;
}

/** The name the socket made at `hit` is first stored under, if any. */
function heldAs(flow: Flow, hit: SinkHit): string | undefined {
	const d = flow.forward(hit.node, { maxItems: 50, maxCallDepth: 0 }).find((x) => x.kind === 'binding');
	return d?.kind === 'binding' ? d.name : undefined;
}

/** The socket is handed to a TLS layer (`createSocket(socket, host, port, autoClose)`, `SecureSocket.secure(socket)`). */
function upgradedToTls(flow: Flow, hit: SinkHit): boolean {
	for (const d of flow.forward(hit.node, { maxItems: 300, maxCallDepth: 2 })) {
		if (d.kind !== 'argument' && d.kind !== 'receiver') continue;
		const m = d.site.method;
		if (m === 'createSocket' && d.site.args.length >= 4) return true;
		if (/^(secure|secureServer|startTLS|startTLS:|upgradeToTls|upgradeToSecure)$/.test(m)) return true;
	}
	return false;
}

/** Network.framework parameters: plain `.tcp` / `.udp` (fixable to `.tls`), or a value the flow layer says has no TLS. */
function plainParameters(ctx: RuleContext, flow: Flow, a: SinkArg | undefined): { plain: boolean; fix?: Fix } {
	if (!a) return { plain: false };
	const text = argText(ctx, a).replace(/\s+/g, '');
	const m = /^(\.|NWParameters\.)(tcp)$/.exec(text) ?? /^(\.|NWParameters\.)(udp)$/.exec(text);
	if (m) {
		const fix: Fix | undefined = m[2] === 'tcp' ? { title: 'Use TLS (.tls)', preferred: true, edits: [replace(ctx, a.end - 3, a.end, 'tls')] } : undefined;
		return fix ? { plain: true, fix } : { plain: true };
	}
	const v = flow.valueOf(a);
	return { plain: v.origins.some((o) => o.fact.kind === 'cleartext-url' && o.fact.model?.startsWith('socket.')) };
}

function report(ctx: RuleContext, flow: Flow, hit: SinkHit, api: string, t: Target, extra: { fixes?: Fix[]; why?: string } = {}): void {
	const debug = flow.isDebugOnly(hit.node);
	ctx.report({
		start: hit.start,
		end: hit.end,
		evidence: t.evidence,
		...(debug ? { severity: 'hint' as const } : {}),
		message: `Plaintext ${t.listening ? 'server socket' : 'socket'} (${api}) ${t.listening ? 'listening on' : 'to'} ${t.where}: anything sent over it can be read and changed by anyone on the network path.${extra.why ?? ''} Use TLS (SSLSocketFactory / SecureSocket / NWParameters.tls) and verify the server's certificate and host name.${debug ? ' It is in debug-only code; make sure it cannot reach a release build.' : ''}`,
		fixes: extra.fixes ?? [],
	});
}

function check(ctx: RuleContext): void {
	const flow = flowOf(ctx);
	if (!flow) return;
	const text = ctx.file.text;
	// Asked only for a hit that needs it: a whole-text search, on every keystroke of an open document otherwise.
	let names: Set<string> | undefined;
	const layered = (): Set<string> => (names ??= layeredNames(text));
	for (const hit of flow.sinks('socket')) {
		const id = hit.model.id;
		const [a0, a1] = hit.args;
		switch (id) {
			case 'socket.jvm-socket':
			case 'socket.jvm-plain-factory':
			case 'socket.jvm-plain-factory-typed':
			case 'socket.dart-connect':
			case 'socket.objc-stream-pair':
			case 'socket.swift-stream-pair':
			case 'socket.cf-stream-pair':
			case 'socket.objc-gcdasyncsocket': {
				if ((id.includes('stream') || id.includes('gcdasync')) && APPLE_TLS.test(text)) continue;
				const t = clientTarget(ctx, flow, a0, a1);
				if (!t || upgradedToTls(flow, hit) || (layered().size > 0 && layered().has(heldAs(flow, hit) ?? ''))) continue;
				const fixes: Fix[] = [];
				if (id === 'socket.dart-connect' && hit.site && /^Socket$/.test(hit.site.receiver.trim())) {
					const r = text.lastIndexOf('Socket', hit.site.methodStart);
					if (r >= hit.start) fixes.push({ title: 'Use SecureSocket.connect (TLS)', preferred: true, edits: [replace(ctx, r, r, 'Secure')] });
				}
				report(ctx, flow, hit, hit.model.label, t, { fixes });
				break;
			}
			case 'socket.jvm-connect': {
				// `Socket().connect(InetSocketAddress(host, port))`: the address says where.
				const addr = argText(ctx, a0);
				if (LOOPBACK_TEXT.test(addr) || layered().has(hit.site?.receiver.replace(/^this\./, '').trim() ?? '') || upgradedToTls(flow, hit)) continue;
				report(ctx, flow, hit, 'Socket.connect', { where: addr.replace(/\s+/g, ' ').slice(0, 60) || 'a host', evidence: 'likely' });
				break;
			}
			case 'socket.jvm-server-socket':
			case 'socket.dart-bind': {
				const t = serverTarget(ctx, flow, hit);
				if (!t || upgradedToTls(flow, hit)) continue;
				report(ctx, flow, hit, hit.model.label, t, { why: ' Any device on the same network can connect to it.' });
				break;
			}
			case 'socket.swift-nwconnection':
			case 'socket.swift-nwlistener': {
				const using = hit.args.find((a) => a.label === 'using');
				const p = plainParameters(ctx, flow, using);
				if (!p.plain) continue;
				if (id === 'socket.swift-nwlistener') {
					report(ctx, flow, hit, 'NWListener with plain TCP/UDP parameters', { where: 'every network interface', evidence: 'strong', listening: true }, { why: ' Any device on the same network can connect to it.' });
					break;
				}
				const host = hit.args.find((a) => a.label === 'host' || a.label === 'to');
				const t = clientTarget(ctx, flow, host, undefined);
				if (!t) continue;
				report(ctx, flow, hit, 'NWConnection with plain TCP/UDP parameters', t, p.fix ? { fixes: [p.fix] } : {});
				break;
			}
			case 'socket.js-tcp': {
				const call = text.slice(hit.start, hit.end);
				if (/\btls\s*:\s*(true|\{)/.test(call) || (/^\s*[A-Za-z_$][\w$]*\s*$/.test(argText(ctx, hit.args[hit.args.length - 1])) && /\btls\s*:\s*(true|\{)/.test(text))) continue;
				const host = hit.args.find((a) => a.option === 'host' || a.label === 'host') ?? a0;
				const t = clientTarget(ctx, flow, host, undefined);
				if (!t) continue;
				report(ctx, flow, hit, 'react-native-tcp-socket without tls', t);
				break;
			}
			case 'socket.js-tcp-server': {
				if (/\b(listen\s*\(\s*\{[^}]*host\s*:\s*['"](127\.0\.0\.1|localhost|::1)['"])/.test(text.slice(hit.start, hit.end + 120))) continue;
				report(ctx, flow, hit, 'a plain TCP server', { where: 'a port on every network interface', evidence: 'likely', listening: true }, { why: ' Any device on the same network can connect to it.' });
				break;
			}
			case 'socket.jvm-datagram-packet': {
				// UDP is only reported where a packet evidently carries something sensitive.
				const o = a0 ? strongest(flow.valueOf(a0), ['secret', 'secret-name']) : undefined;
				if (!o) continue;
				const debug = flow.isDebugOnly(hit.node);
				ctx.report({
					start: hit.start,
					end: hit.end,
					evidence: o.fact.kind === 'secret' ? 'strong' : 'name',
					...(debug ? { severity: 'hint' as const } : {}),
					message: `${o.fact.label} is sent in a plaintext UDP packet (DatagramPacket): anyone on the network path can read it. Send it over TLS (or DTLS) instead.`,
					related: flow.related(o),
				});
				break;
			}
		}
	}
}

const SOCKET_SINKS: ReadonlySet<SinkKind> = new Set(['socket']);

/**
 * The rule's text gate (RuleMeta.textGate): every report is at a hit of flow.sinks('socket'), found
 * only where the flow layer's search for socket sinks matches (maySinkTo). The triggers (`Socket`,
 * `SocketFactory`) also name TLS sockets, WebSockets and socket types in signatures.
 * Objective-C stays open: the grammar reports syntax errors in many valid headers, and a scan notes
 * them for every file it parses; a header this rule alone parsed (rocketchat-rn's Challenge.h, which
 * mentions SRWebSocket in a comment) would lose its note. Headers are small; the Kotlin and Java
 * files are where the gate pays (thunderbird-android: 36 of 48 candidate files closed).
 */
export function mayOpenSocket(text: string, kind: FileKind): boolean {
	return kind === 'objc' || maySinkTo(text, kind, SOCKET_SINKS);
}

export const cleartextSocket: Rule = {
	meta: {
		id: 'cleartext-socket',
		title: 'Plaintext socket',
		severity: 'warning',
		sections: ['COMMS', 'TRANSIT'],
		masvs: ['MASVS-NETWORK-1', 'MASWE-0050'],
		kinds: ['kotlin', 'java', 'swift', 'objc', 'dart', 'javascript', 'typescript', 'tsx'],
		textGate: mayOpenSocket,
		triggers: ['Socket', 'NWConnection', 'NWListener', 'getStreamsToHost', 'CFStreamCreatePairWithSocketToHost', 'connectToHost', 'createConnection', 'createServer', 'DatagramPacket', 'SocketFactory'],
		why: 'A raw TCP/UDP socket without TLS sends bytes as they are: anyone on the network path (public Wi-Fi, a compromised router) can read and change them. Platform cleartext settings (network security config, ATS) do not cover raw sockets.',
		fix: 'Use TLS: SSLSocketFactory.getDefault().createSocket(host, port) with host name verification, SecureSocket.connect in Dart, NWParameters.tls / .tls on Apple platforms, the SSL level on CFStream / NSStream, `tls: true` (or connectTLS) with react-native-tcp-socket.',
	},
	check(ctx) {
		if (ctx.tree) check(ctx);
	},
};
