import { APPLE, JVM, type ModelSet } from './types';

/**
 * Raw sockets that carry bytes without TLS (`socket` sinks). Each entry's
 * arguments are the host (or bind address), the port and, for Network.framework,
 * the parameters; `rules/network/cleartextSocket.ts` reads them by model id:
 * a constant loopback host is not traffic, and a socket the code upgrades to TLS
 * (`SSLSocketFactory.createSocket(socket, …)`, `SecureSocket.secure`, `tls: true`)
 * is not plaintext.
 *
 * TLS variants are deliberately absent: `SSLSocket`, `SSLSocketFactory.createSocket`,
 * `SecureSocket.connect`, `NWConnection(…, using: .tls)`, `TcpSocket.connectTLS`.
 */
export const SOCKETS: ModelSet = {
	family: 'sockets',
	sinks: [
		// Java / Kotlin: java.net sockets and the plain socket factory.
		{ id: 'socket.jvm-socket', langs: JVM, method: 'Socket', ctor: true, minArgs: 2, sink: 'socket', args: [0, 1], label: 'a plain java.net.Socket' },
		{ id: 'socket.jvm-server-socket', langs: JVM, method: 'ServerSocket', ctor: true, sink: 'socket', args: ['all'], label: 'a plain ServerSocket' },
		// UDP: a DatagramSocket alone says nothing; what its packets carry does (the rule reads the packet's data).
		{ id: 'socket.jvm-datagram-packet', langs: JVM, method: 'DatagramPacket', ctor: true, minArgs: 2, sink: 'socket', args: [0], label: 'a UDP DatagramPacket' },
		{ id: 'socket.jvm-plain-factory', langs: JVM, method: 'createSocket', receiver: '(?:javax\\.net\\.)?SocketFactory\\.getDefault\\(\\)', minArgs: 2, sink: 'socket', args: [0, 1], label: 'SocketFactory.getDefault().createSocket' },
		{ id: 'socket.jvm-plain-factory-typed', langs: JVM, method: 'createSocket', receiverType: 'SocketFactory', minArgs: 2, sink: 'socket', args: [0, 1], label: 'SocketFactory.createSocket' },
		{ id: 'socket.jvm-connect', langs: JVM, method: 'connect', receiverType: 'Socket', minArgs: 1, sink: 'socket', args: [0], label: 'Socket.connect' },
		// Swift / Objective-C: Network.framework and streams.
		{ id: 'socket.swift-nwconnection', langs: ['swift'], method: 'NWConnection', ctor: true, sink: 'socket', args: [{ label: 'host' }, { label: 'to' }, { label: 'using' }], label: 'NWConnection' },
		{ id: 'socket.swift-nwlistener', langs: ['swift'], method: 'NWListener', ctor: true, sink: 'socket', args: [{ label: 'using' }], label: 'NWListener' },
		{ id: 'socket.swift-stream-pair', langs: ['swift'], receiver: '(?:Foundation\\.)?(?:Stream|NSStream)', method: 'getStreamsToHost', sink: 'socket', args: [{ label: 'withName' }, { label: 'port' }], label: 'Stream.getStreamsToHost' },
		{ id: 'socket.cf-stream-pair', langs: APPLE, receiver: '', method: 'CFStreamCreatePairWithSocketToHost', minArgs: 3, sink: 'socket', args: [1, 2], label: 'CFStreamCreatePairWithSocketToHost' },
		{ id: 'socket.objc-stream-pair', langs: ['objc'], method: 'getStreamsToHostWithName:port:inputStream:outputStream:', sink: 'socket', args: [0, 1], label: 'getStreamsToHostWithName:port:' },
		{ id: 'socket.objc-gcdasyncsocket', langs: ['objc'], method: 'connectToHost:onPort:error:|connectToHost:onPort:withTimeout:error:', sink: 'socket', args: [0, 1], label: 'GCDAsyncSocket connectToHost:onPort:' },
		// Dart: dart:io sockets (SecureSocket is the TLS one).
		{ id: 'socket.dart-connect', langs: ['dart'], receiver: 'Socket|RawSocket', method: 'connect|startConnect', minArgs: 2, sink: 'socket', args: [0, 1], label: 'Socket.connect' },
		{ id: 'socket.dart-bind', langs: ['dart'], receiver: 'ServerSocket|RawServerSocket|RawDatagramSocket', method: 'bind', minArgs: 2, sink: 'socket', args: [0, 1], label: 'ServerSocket.bind' },
		// React Native / Node: react-native-tcp-socket and net (tls options are read by the rule).
		{ id: 'socket.js-tcp', langs: ['js'], receiver: 'TcpSocket|net|tcp', method: 'createConnection|connect', minArgs: 1, sink: 'socket', args: [{ option: 'host', arg: 0 }, 0], label: 'a TCP socket' },
		{ id: 'socket.js-tcp-server', langs: ['js'], receiver: 'TcpSocket|net', method: 'createServer', sink: 'socket', args: ['call'], label: 'a TCP server' },
	],
	memberSources: [
		// `using: .tcp` / `NWParameters.udp`: Network.framework parameters without TLS.
		{ id: 'socket.nw-plain-parameters', langs: ['swift'], object: '(?:NWParameters)?', member: 'tcp|udp', fact: 'cleartext-url', label: 'plain TCP/UDP parameters (no TLS)' },
	],
	sources: [
		{ id: 'socket.nw-parameters-without-tls', langs: ['swift'], method: 'NWParameters', ctor: true, textMatches: '\\btls\\s*:\\s*nil\\b', fact: 'cleartext-url', label: 'NWParameters without TLS (tls: nil)' },
	],
};
