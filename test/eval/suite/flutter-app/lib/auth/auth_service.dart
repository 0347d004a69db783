import 'dart:convert';
import 'dart:developer';
import 'dart:io';
import 'dart:math';

import 'package:flutter/foundation.dart';
import 'package:flutter_secure_storage/flutter_secure_storage.dart';
import 'package:hive/hive.dart';
import 'package:http/http.dart' as http;
import 'package:logger/logger.dart';
import 'package:path_provider/path_provider.dart';
import 'package:shared_preferences/shared_preferences.dart';
import 'package:sqflite/sqflite.dart';

class AuthResult {
  AuthResult(this.userId, this.accessToken, this.refreshToken);
  final String userId;
  final String accessToken;
  final String refreshToken;
}

class AuthService {
  AuthService(this._prefs, this._db);

  final SharedPreferences _prefs;
  final Database _db;
  final _secure = const FlutterSecureStorage();
  final _logger = Logger();
  String? _lastPassword;

  Future<AuthResult> signIn(String email, String password) async {
    print('login $email $password'); // $ Alert[sensitive-data-logged]
    final message = 'sign-in attempt for $email with $password';
    debugPrint(message); // $ Alert[sensitive-data-logged]
    _logger.d({'email': email, 'password': password}); // a map holding the password $ Alert[sensitive-data-logged]
    print('password length ${password.length}'); // $ Safe
    if (kDebugMode) print('debug: $password'); // debug builds only $ Note[sensitive-data-logged]
    _lastPassword = password;

    final result = await _login(email, password);
    log('signed in ${result.userId}, token ${result.accessToken}'); // $ Alert[sensitive-data-logged]
    await _prefs.setString('access_token', result.accessToken); // $ Alert[flutter-prefs-sensitive]
    await _save('refresh_token', result.refreshToken); // through the helper below $ Alert[flutter-prefs-sensitive]
    await _prefs.setBool('onboarded', true); // $ Safe
    await _prefs.setString('locale', 'de_CH'); // $ Safe
    await _secure.write(key: 'refresh_token', value: result.refreshToken); // $ Safe
    await _prefs.setString('password', password); // $ Alert[flutter-prefs-sensitive, password-persisted-on-device]
    return result;
  }

  void retry() {
    _logger.w('retrying with $_lastPassword'); // a field holding the password $ Alert[sensitive-data-logged]
  }

  Future<void> _save(String key, String value) async {
    await _prefs.setString(key, value);
  }

  Future<void> cacheSession(AuthResult r) async {
    Hive.box('session').put('token', r.accessToken); // an unencrypted box $ Alert[flutter-prefs-sensitive|sensitive-data-in-database]
    await _db.insert('session', {'user': r.userId, 'token': r.refreshToken}); // $ Alert[flutter-prefs-sensitive|sensitive-data-in-database]
    await _db.insert('recent_searches', {'term': 'shoes'}); // $ Safe
    final dir = await getApplicationDocumentsDirectory();
    await File('${dir.path}/session.txt').writeAsString(r.accessToken); // $ Alert[flutter-prefs-sensitive|sensitive-data-in-file]
    await File('${dir.path}/theme.txt').writeAsString('dark'); // $ Safe
  }

  Future<Box> openSecureBox() async {
    final key = base64Url.decode((await _secure.read(key: 'hive_key'))!);
    return Hive.openBox('vault', encryptionCipher: HiveAesCipher(key)); // key from secure storage $ Safe
  }

  Future<AuthResult> _login(String email, String password) async {
    final response = await http.post(Uri.parse('https://api.shopfast.example/v3/login'), body: {'email': email, 'password': password});
    final json = jsonDecode(response.body) as Map<String, dynamic>;
    return AuthResult(json['user'] as String, json['access'] as String, json['refresh'] as String);
  }

  Future<http.Response> profile(String token) => http.get(Uri.https('api.shopfast.example', '/v3/me', {'access_token': token})); // $ Alert[credential-in-url-query]

  Future<http.Response> profileWithHeader(String token) => http.get(Uri.https('api.shopfast.example', '/v3/me'), headers: {'Authorization': 'Bearer $token'}); // $ Safe

  Future<http.Response> stockReport() {
    final basic = base64Encode(utf8.encode('svc-flutter:Fl0tter-Stock!'));
    return http.get(Uri.parse('https://backoffice.shopfast.example/stock'), headers: {'Authorization': 'Basic $basic'}); // $ Alert[hardcoded-credential-auth]
  }

  String sessionNonce() {
    final bytes = List<int>.generate(16, (_) => Random().nextInt(256)); // $ Alert[insecure-random-for-secrets]
    return base64Url.encode(bytes);
  }

  String csrfToken() {
    final rng = Random.secure();
    return base64Url.encode(List<int>.generate(32, (_) => rng.nextInt(256))); // $ Safe
  }

  int tipOfTheDay(int count) => Random().nextInt(count); // $ Safe
}
