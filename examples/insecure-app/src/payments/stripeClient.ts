// Payments and order links. Insecure lines first, each followed by its safe twin.
import { Platform } from 'react-native';

// INSECURE: a live Stripe secret key in the bundle (secret-known-format).
const STRIPE_SECRET_KEY = 'sk_live_51NzShopFastQ8wLmT4xRv9KpZ2cYb7Hd';
// SAFE twin: only the publishable key ships; charges are created by the backend.
const STRIPE_PUBLISHABLE_KEY = 'pk_live_51NzShopFastQ8wLmT4xRv9KpZ2cYb7Hd';

// INSECURE: a hard-coded partner password (secret-credential-literal).
const partnerPassword = 'Sh0pF4st!Partner';
// SAFE twin: the name of the storage key, not the secret.
const PARTNER_TOKEN_KEY = 'partner_token';

// INSECURE: the admin key read through EXPO_PUBLIC_ is inlined into the bundle (rn-env-secret-in-bundle).
const adminKey = process.env.EXPO_PUBLIC_SUPABASE_SERVICE_ROLE_KEY;
// SAFE twin: the anon key is public by design.
const anonKey = process.env.EXPO_PUBLIC_SUPABASE_ANON_KEY;

export async function loadOrders(token: string) {
  // INSECURE: the session token in the URL query (credential-in-url-query).
  const legacy = await fetch(`https://api.shopfast.example/v1/orders?access_token=${token}`);
  // SAFE twin: the token in the Authorization header.
  const orders = await fetch('https://api.shopfast.example/v1/orders', { headers: { Authorization: `Bearer ${token}` } });
  return [legacy, orders, Platform.OS];
}

// INSECURE: a checkout nonce from Math.random (insecure-random-for-secrets).
export function checkoutNonce(): string {
  return Math.random().toString(36).slice(2);
}
// SAFE twin: crypto.getRandomValues (react-native-get-random-values polyfill).
export function checkoutNonceSecure(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const keys = { STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, partnerPassword, PARTNER_TOKEN_KEY, adminKey, anonKey };
