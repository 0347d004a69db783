import 'package:flutter_test/flutter_test.dart';

void main() {
  test('logs in', () {
    const password = 'hunter2-test';
    print('password used: $password'); // test code $ Safe
    expect(password.isNotEmpty, isTrue);
  });
}
