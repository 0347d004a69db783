import 'package:flutter/material.dart';

// Card details with no screenshot protection (screenshot-protection-missing).
class CardDetailsPage extends StatelessWidget {
  const CardDetailsPage({super.key, required this.cardNumber});

  final String cardNumber;

  @override
  Widget build(BuildContext context) => Text(cardNumber);
}

// Safe twin: an order list shows nothing secret.
class OrderListPage extends StatelessWidget {
  const OrderListPage({super.key});

  @override
  Widget build(BuildContext context) => const Text('Orders');
}
