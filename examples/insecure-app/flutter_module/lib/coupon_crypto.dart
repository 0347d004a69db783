import 'dart:convert';
import 'dart:math';

import 'package:crypto/crypto.dart';
import 'package:encrypt/encrypt.dart';

// INSECURE: zero IV, key in the app, ECB and a predictable coupon code.
Encrypted sealCouponLegacy(String text) {
  final key = Key.fromUtf8('shopfast-coupons-key-0123456789a');
  final iv = IV.fromLength(16);
  return Encrypter(AES(key, mode: AESMode.ecb)).encrypt(text, iv: iv);
}

String couponToken() {
  final rnd = Random();
  return List.generate(12, (_) => rnd.nextInt(36).toRadixString(36)).join();
}

String couponSignature(String body) => md5.convert(utf8.encode(body)).toString();

// SAFE twin: key from secure storage (passed in), GCM with a random IV, Random.secure, SHA-256.
Encrypted sealCoupon(Key key, String text) {
  final iv = IV.fromSecureRandom(12);
  return Encrypter(AES(key, mode: AESMode.gcm)).encrypt(text, iv: iv);
}

String couponTokenSecure() {
  final rnd = Random.secure();
  return List.generate(12, (_) => rnd.nextInt(36).toRadixString(36)).join();
}

String couponSignatureSecure(String body) => sha256.convert(utf8.encode(body)).toString();
