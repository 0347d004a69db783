import 'package:flutter/material.dart';

/// Change-password form of the Flutter module.
class ChangePasswordForm extends StatelessWidget {
  final _newPassword = TextEditingController();
  final _repeat = TextEditingController();

  @override
  Widget build(BuildContext context) {
    return Column(children: [
      // Weak minimum length (password-policy-weak).
      TextFormField(
        controller: _newPassword,
        obscureText: true,
        validator: (value) => value == null || value.length < 6 ? 'At least 6 characters' : null,
      ),
      // Safe twin.
      TextFormField(
        controller: _repeat,
        obscureText: true,
        validator: (value) => value == null || value.length < 8 ? 'At least 8 characters' : null,
      ),
    ]);
  }
}
