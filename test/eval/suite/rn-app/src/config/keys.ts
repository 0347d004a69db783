// Keys and identifiers the app ships with.
export const STRIPE_SECRET = 'sk_live_51NzQpKLm8vXc2TgRa7YbWd3E'; // a live Stripe secret key $ Alert[secret-known-format|secret-credential-literal]
export const STRIPE_PUBLISHABLE = 'pk_live_51NzQpKLm8vXc2TgRa7YbWd3E'; // publishable by design $ Safe
export const AWS_EXAMPLE_KEY = 'AKIAIOSFODNN7EXAMPLE'; // AWS's documented example value $ Safe
export const OAUTH_CLIENT_SECRET = 'q8N2vR5tY7uI1oP3aS6dF9gH'; // $ Alert[secret-credential-literal]
export const PASSWORD_KEY = 'user_password'; // the name of a storage key $ Safe
export const TOKEN_PLACEHOLDER = '{api_token}'; // a template placeholder $ Safe
export const POSTHOG_KEY = 'phc_3kDq8ZtWmXy1Lr5Vb9Nc2Hf7Gj4Ps6'; // PostHog project keys are public $ Safe
export const passwordLabel = 'Enter your password'; // UI text $ Safe
export const ANALYTICS_EVENT = 'settings_change_password'; // an event name $ Safe

export const stripeSecret = process.env.EXPO_PUBLIC_STRIPE_SECRET; // inlined into the bundle in clear $ Alert[rn-env-secret-in-bundle]
export const apiUrl = process.env.EXPO_PUBLIC_API_URL; // $ Safe
