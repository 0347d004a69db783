import 'dart:io';

import 'package:crypto/crypto.dart';

/// SHA-256 of the in-store terminal's certificate (public data: anyone can read it off the wire).
const terminalCertSha256 = '3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8551';

class TerminalCallbacks {
  static bool acceptAny(X509Certificate cert, String host, int port) {
    return true;
  }

  static bool matchesTerminal(X509Certificate cert, String host, int port) {
    return sha256.convert(cert.der).toString() == terminalCertSha256;
  }
}

bool _trustEverything(X509Certificate cert, String host, int port) => true;

HttpClient terminalClient() {
  final client = HttpClient();
  client.badCertificateCallback = TerminalCallbacks.acceptAny; // a static method of this file $ Alert[flutter-tls-validation-disabled]
  return client;
}

HttpClient kioskClient() {
  return HttpClient()..badCertificateCallback = _trustEverything; // $ Alert[flutter-tls-validation-disabled]
}

HttpClient scannerClient() {
  final accept = (X509Certificate cert, String host, int port) => true;
  return HttpClient()..badCertificateCallback = accept; // $ Alert[flutter-tls-validation-disabled]
}

HttpClient pinnedTerminalClient() {
  return HttpClient(context: SecurityContext(withTrustedRoots: false))..badCertificateCallback = TerminalCallbacks.matchesTerminal; // certificate pinning $ Safe
}
