// @ts-check
/**
 * Static headers for every response. The frame-ancestors CSP depends on runtime configuration
 * (BC_CONTROL_PANEL_ORIGINS), so middleware.ts sets it per request instead of baking it in at build time.
 */
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The benchmark and the fault suite build into their own directories (scripts/stack/production-stack.ts), so
  // one never rebuilds the .next another's `next start` is serving from.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  compiler: { styledComponents: true },
  // BigDesign ships modern ESM; let Next transpile it for the server render.
  transpilePackages: ['@bigcommerce/big-design', '@bigcommerce/big-design-icons', '@bigcommerce/big-design-theme'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
      // The staff-only support view is never framed (middleware.ts also sends frame-ancestors 'none' there); app
      // pages must never get X-Frame-Options, which would blank the control-panel iframe.
      ...['/support/:path*', '/api/support/:path*'].map((source) => ({
        source,
        headers: [{ key: 'X-Frame-Options', value: 'DENY' }],
      })),
    ];
  },
};

module.exports = nextConfig;
