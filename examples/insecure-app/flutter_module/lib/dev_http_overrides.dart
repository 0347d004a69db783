import 'dart:io';

/// Installed in main() "so the staging proxy works": accepts every certificate, in release too.
class TrustAllOverrides extends HttpOverrides {
  @override
  HttpClient createHttpClient(SecurityContext? context) {
    return super.createHttpClient(context)..badCertificateCallback = (cert, host, port) => true;
  }
}

/// Safe twin: only tunes timeouts, certificate validation stays on.
class TimeoutOverrides extends HttpOverrides {
  @override
  HttpClient createHttpClient(SecurityContext? context) {
    return super.createHttpClient(context)..connectionTimeout = const Duration(seconds: 10);
  }
}
