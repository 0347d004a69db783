import 'package:flutter/material.dart';
import 'package:local_auth/local_auth.dart';
import 'package:shared_preferences/shared_preferences.dart';

class UnlockScreen extends StatelessWidget {
  const UnlockScreen({super.key});

  Future<void> _unlock(BuildContext context) async {
    final auth = LocalAuthentication();
    final ok = await auth.authenticate(localizedReason: 'Unlock ShopFast'); // a boolean gates the stored token $ Alert[flutter-local-auth-boolean]
    if (!ok) return;
    final prefs = await SharedPreferences.getInstance();
    final token = prefs.getString('access_token');
    if (token != null && context.mounted) Navigator.of(context).pushReplacementNamed('/home');
  }

  @override
  Widget build(BuildContext context) => ElevatedButton(onPressed: () => _unlock(context), child: const Text('Unlock'));
}
