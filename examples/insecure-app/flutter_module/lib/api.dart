import 'package:http/http.dart' as http;

class ShopApi {
  // Flutter's Dart HTTP ignores Android's cleartext settings: this goes out unencrypted.
  static final Uri legacy = Uri.parse('http://legacy.shopfast.example/api');
  static final Uri base = Uri.parse('https://api.shopfast.example/v1');

  Future<http.Response> orders() => http.get(base.replace(path: '/v1/orders'));
}
