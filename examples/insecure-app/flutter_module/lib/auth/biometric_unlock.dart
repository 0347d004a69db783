import 'package:flutter/material.dart';
import 'package:local_auth/local_auth.dart';
import 'package:shared_preferences/shared_preferences.dart';

/// "Unlock with fingerprint" in the Flutter module.
class BiometricUnlock {
  final LocalAuthentication auth = LocalAuthentication();

  // Boolean gate (flutter-local-auth-boolean): the bool alone opens the account.
  Future<void> unlock(BuildContext context) async {
    final ok = await auth.authenticate(localizedReason: 'Unlock ShopFast');
    if (ok) {
      final prefs = await SharedPreferences.getInstance();
      final token = prefs.getString('auth_token');
      Navigator.of(context).pushReplacementNamed(token == null ? '/login' : '/home');
    }
  }

  // Safe twin: a UX confirmation before a step the server verifies (it re-checks the session).
  Future<bool> confirmOrder(Future<void> Function() placeOrder) async {
    final confirmed = await auth.authenticate(localizedReason: 'Confirm your order');
    if (confirmed) await placeOrder();
    return confirmed;
  }
}
