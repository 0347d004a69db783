import 'package:dio/dio.dart';
import 'package:http/http.dart' as http;
import 'package:url_launcher/url_launcher.dart';

const _reportsBase = 'http://reports.shopfast.example'; // reaches http.get through a helper $ Alert[cleartext-url-literal]
const _licenseHome = 'http://www.apache.org/licenses/LICENSE-2.0'; // a licence page opened in the browser $ Safe
const kShopPlaceholder = 'http://your-shop.example'; // a placeholder shown in a hint $ Note[cleartext-url-literal]

String _endpoint(String path) => '$_reportsBase/$path';

/// Store reports: the daily report service was never moved to HTTPS.
class Reports {
  final dio = Dio(BaseOptions(baseUrl: 'http://legacy-reports.shopfast.example/v1')); // $ Alert[cleartext-url-literal]

  Future<http.Response> daily() => http.get(Uri.parse(_endpoint('daily')));

  String hostOf(String typed) => Uri.parse('http://$typed').host; // parsed for its host only $ Safe

  Future<bool> openLicense() => launchUrl(Uri.parse(_licenseHome));

  String hint() => 'Enter your shop address, e.g. $kShopPlaceholder';

  void requireHttps(String url) {
    if (url.startsWith('http://')) throw ArgumentError('http:// report URLs are not allowed'); // a needle and an error message $ Safe
  }
}
