import 'dart:io';

import 'package:dio/dio.dart';
import 'package:dio/io.dart';
import 'package:flutter/foundation.dart';
import 'package:http/http.dart' as http;
import 'package:web_socket_channel/web_socket_channel.dart';

const apiBase = 'https://api.shopfast.example/v3'; // $ Safe
const legacyBase = 'http://legacy.shopfast.example/api'; // $ Alert[cleartext-url-literal]

class Api {
  Api() {
    dio.interceptors.add(LogInterceptor(requestHeader: true, responseBody: true)); // $ Alert[flutter-network-logging-release]
    if (kDebugMode) {
      dio.interceptors.add(LogInterceptor(responseBody: true)); // debug builds only $ Safe
    }
  }

  final dio = Dio(BaseOptions(baseUrl: apiBase));
  final legacy = Dio(BaseOptions(baseUrl: 'http://partner.shopfast.example/')); // $ Alert[cleartext-url-literal]

  Future<http.Response> login(Map<String, String> body) => http.post(Uri.parse('http://api.shopfast.example/v3/login'), body: body); // $ Alert[cleartext-url-literal]

  Future<http.Response> emulator() => http.get(Uri.parse('http://10.0.2.2:8080/health')); // $ Safe

  Future<http.Response> legacyOrders() => http.get(Uri.parse('$legacyBase/orders'));

  WebSocketChannel chat() => WebSocketChannel.connect(Uri.parse('ws://chat.shopfast.example/socket')); // $ Alert[cleartext-url-literal]

  bool isSecure(String url) => !url.startsWith('http://'); // a needle $ Safe

  Future<Socket> pos() => Socket.connect('pos.shopfast.example', 2323); // $ Alert[cleartext-socket]

  Future<SecureSocket> posTls() => SecureSocket.connect('pos.shopfast.example', 2324); // $ Safe

  HttpClient partnerClient() {
    final client = HttpClient();
    client.badCertificateCallback = (X509Certificate cert, String host, int port) => true; // $ Alert[flutter-tls-validation-disabled]
    return client;
  }

  void proxyDuringDevelopment() {
    if (kDebugMode) {
      final client = HttpClient();
      client.badCertificateCallback = (cert, host, port) => true; // debug builds only $ Note[flutter-tls-validation-disabled]
    }
  }

  void insecureAdapter() {
    legacy.httpClientAdapter = IOHttpClientAdapter(createHttpClient: () => HttpClient()..badCertificateCallback = (cert, host, port) => true); // $ Alert[flutter-tls-validation-disabled]
  }
}

class TrustAllOverrides extends HttpOverrides {
  @override
  HttpClient createHttpClient(SecurityContext? context) {
    return super.createHttpClient(context)..badCertificateCallback = (cert, host, port) => true; // $ Alert[flutter-tls-validation-disabled]
  }
}
