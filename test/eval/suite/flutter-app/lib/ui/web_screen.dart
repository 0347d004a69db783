import 'dart:convert';

import 'package:flutter/foundation.dart';
import 'package:flutter/material.dart';
import 'package:flutter_inappwebview/flutter_inappwebview.dart';
import 'package:webview_flutter/webview_flutter.dart';

class OfferScreen extends StatefulWidget {
  const OfferScreen({super.key, required this.url});
  final String url;

  @override
  State<OfferScreen> createState() => _OfferScreenState();
}

class _OfferScreenState extends State<OfferScreen> {
  late final WebViewController _controller;

  @override
  void initState() {
    super.initState();
    _controller = WebViewController()..setJavaScriptMode(JavaScriptMode.unrestricted)..loadRequest(Uri.parse(widget.url)); // JavaScript on a page from outside $ Alert[flutter-webview-insecure]
    _controller.addJavaScriptChannel('Shop', onMessageReceived: (m) => _handle(jsonDecode(m.message))); // trusts any page's message $ Alert[flutter-webview-insecure]
  }

  void _handle(dynamic command) {
    if (command is Map && command['route'] is String) Navigator.of(context).pushNamed(command['route'] as String);
  }

  @override
  Widget build(BuildContext context) => WebViewWidget(controller: _controller);
}

class HelpScreen extends StatelessWidget {
  HelpScreen({super.key});

  final controller = WebViewController()..setJavaScriptMode(JavaScriptMode.unrestricted)..loadRequest(Uri.parse('https://help.shopfast.example')); // a constant first-party page $ Safe

  @override
  Widget build(BuildContext context) => WebViewWidget(controller: controller);
}

class StatementView extends StatelessWidget {
  const StatementView({super.key, required this.file});
  final String file;

  @override
  Widget build(BuildContext context) {
    return InAppWebView(
      initialFile: file,
      initialSettings: InAppWebViewSettings(
        allowUniversalAccessFromFileURLs: true, // $ Alert[flutter-webview-insecure]
        allowFileAccessFromFileURLs: false, // $ Safe
        mixedContentMode: MixedContentMode.MIXED_CONTENT_ALWAYS_ALLOW, // $ Alert[flutter-webview-insecure]
        isInspectable: true, // $ Alert[flutter-webview-insecure]
      ),
      onReceivedServerTrustAuthRequest: (controller, challenge) async => ServerTrustAuthResponse(action: ServerTrustAuthResponseAction.PROCEED), // $ Alert[flutter-tls-validation-disabled]
    );
  }
}

class DebuggableView extends StatelessWidget {
  const DebuggableView({super.key});

  @override
  Widget build(BuildContext context) {
    return InAppWebView(
      initialUrlRequest: URLRequest(url: WebUri('https://shopfast.example')),
      initialSettings: InAppWebViewSettings(
        isInspectable: kDebugMode, // $ Safe
        allowFileAccess: false, // $ Safe
      ),
    );
  }
}
