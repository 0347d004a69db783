/** Kept in step with package.json by the build (esbuild `define`). */
declare const MOBSEC_VERSION: string | undefined;
export const VERSION: string = typeof MOBSEC_VERSION === 'string' ? MOBSEC_VERSION : '0.0.0-dev';
