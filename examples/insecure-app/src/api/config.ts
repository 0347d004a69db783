// API configuration for ShopFast.
// Docs: http://docs.shopfast.example/api (a comment: MobSec does not flag it)

export const API_BASE_URL = 'http://api.shopfast.example/v1';

// Safe twin: TLS.
export const CDN_BASE_URL = 'https://cdn.shopfast.example';

// Metro bundler on the developer's machine: loopback is fine.
export const METRO_URL = 'http://localhost:8081';

export const API_TIMEOUT_MS = 15_000;
