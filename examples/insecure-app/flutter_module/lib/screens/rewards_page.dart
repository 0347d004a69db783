import 'package:flutter/foundation.dart';
import 'package:flutter/material.dart';
import 'package:flutter_inappwebview/flutter_inappwebview.dart';

// The rewards page pulls banner images from an old http:// CDN, so mixed content was allowed, and
// the WebView was left inspectable in release builds (flutter-webview-insecure).
class RewardsPage extends StatelessWidget {
  const RewardsPage({super.key, required this.pageUrl});

  final String pageUrl;

  @override
  Widget build(BuildContext context) => InAppWebView(
        initialUrlRequest: URLRequest(url: WebUri(pageUrl)),
        initialSettings: InAppWebViewSettings(
          mixedContentMode: MixedContentMode.MIXED_CONTENT_ALWAYS_ALLOW,
          isInspectable: true,
        ),
      );
}

// Safe twin: no mixed content, inspectable in debug builds only.
class RewardsTermsPage extends StatelessWidget {
  const RewardsTermsPage({super.key, required this.pageUrl});

  final String pageUrl;

  @override
  Widget build(BuildContext context) => InAppWebView(
        initialUrlRequest: URLRequest(url: WebUri(pageUrl)),
        initialSettings: InAppWebViewSettings(
          mixedContentMode: MixedContentMode.MIXED_CONTENT_NEVER_ALLOW,
          isInspectable: kDebugMode,
        ),
      );
}
