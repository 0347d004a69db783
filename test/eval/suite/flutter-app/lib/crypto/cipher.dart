import 'dart:convert';
import 'dart:typed_data';

import 'package:crypto/crypto.dart';
import 'package:encrypt/encrypt.dart';
import 'package:flutter_secure_storage/flutter_secure_storage.dart';
import 'package:pointycastle/export.dart' as pc;

const _legacyKeyText = 'my32lengthsupersecretnooneknows1';

class ReceiptCipher {
  final _storage = const FlutterSecureStorage();

  Encrypted encryptLegacy(String text) {
    final key = Key.fromUtf8(_legacyKeyText); // a file constant as the key $ Alert[static-iv-or-hardcoded-key]
    final iv = IV.fromLength(16); // all zeros $ Alert[static-iv-or-hardcoded-key]
    return Encrypter(AES(key, mode: AESMode.cbc)).encrypt(text, iv: iv);
  }

  Encrypted encryptEcb(String text, Key key) {
    return Encrypter(AES(key, mode: AESMode.ecb)).encrypt(text); // $ Alert[weak-cipher-or-mode]
  }

  Future<Encrypted> encrypt(String text) async {
    final key = Key.fromBase64((await _storage.read(key: 'receipt_key'))!); // from secure storage $ Safe
    final iv = IV.fromSecureRandom(16); // $ Safe
    return Encrypter(AES(key, mode: AESMode.gcm)).encrypt(text, iv: iv);
  }

  Encrypted encryptWithFixedIv(String text, Key key) {
    final iv = IV.fromUtf8('abcdefghijklmnop'); // $ Alert[static-iv-or-hardcoded-key]
    return Encrypter(AES(key, mode: AESMode.cbc)).encrypt(text, iv: iv);
  }
}

class PasswordHasher {
  String legacy(String password) => md5.convert(utf8.encode(password)).toString(); // $ Alert[weak-hash|password-hash-fast]

  String v2(String password) {
    final bytes = utf8.encode(password);
    return sha256.convert(bytes).toString(); // $ Alert[password-hash-fast]
  }

  String cacheKey(String url) => sha1.convert(utf8.encode(url)).toString(); // a cache key $ Note[weak-hash]

  Uint8List derive(String password, Uint8List salt) {
    final kdf = pc.PBKDF2KeyDerivator(pc.HMac(pc.SHA256Digest(), 64))..init(pc.Pbkdf2Parameters(salt, 1000, 32)); // 1,000 iterations $ Alert[kdf-weak-parameters]
    return kdf.process(Uint8List.fromList(utf8.encode(password)));
  }

  Uint8List deriveStrong(String password, Uint8List salt) {
    final kdf = pc.PBKDF2KeyDerivator(pc.HMac(pc.SHA256Digest(), 64))..init(pc.Pbkdf2Parameters(salt, 600000, 32)); // $ Safe
    return kdf.process(Uint8List.fromList(utf8.encode(password)));
  }
}
