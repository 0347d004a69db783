import 'package:dio/dio.dart';
import 'package:flutter/foundation.dart';
import 'package:flutter/services.dart';
import 'package:shared_preferences/shared_preferences.dart';

const kAccessTokenKey = 'access_token';
const kLocaleKey = 'locale';

class SessionStorage {
  // Access token in shared_preferences: plain XML / plist (flutter-prefs-sensitive).
  Future<void> saveAccessToken(String accessToken) async {
    final prefs = await SharedPreferences.getInstance();
    await prefs.setString(kAccessTokenKey, accessToken);
  }

  // Safe twin: preferences only.
  Future<void> saveLocale(String locale) async {
    final prefs = await SharedPreferences.getInstance();
    await prefs.setString(kLocaleKey, locale);
  }

  void onLogin(String refreshToken, String email) {
    // Token in the device log (sensitive-data-logged).
    print('refreshed, token=$refreshToken');
    // Safe twin: debug builds only, and no secret.
    if (kDebugMode) print('login ok for $email');
  }

  // Token on the clipboard (clipboard-sensitive-copy).
  Future<void> copyToken(String accessToken) => Clipboard.setData(ClipboardData(text: accessToken));

  // Safe twin: a referral code is meant to be shared.
  Future<void> copyReferral(String referralCode) => Clipboard.setData(ClipboardData(text: referralCode));
}

Dio buildDio() {
  final dio = Dio(BaseOptions(baseUrl: 'https://api.shopfast.example/v2'));
  // Request headers (Authorization) in the device log, in release builds (flutter-network-logging-release).
  dio.interceptors.add(LogInterceptor(requestBody: true, responseBody: true));
  // Safe twin: debug builds only.
  if (kDebugMode) {
    dio.interceptors.add(LogInterceptor(responseBody: true));
  }
  return dio;
}
