// @ts-check
/**
 * Static headers for every response. The frame-ancestors CSP depends on runtime configuration
 * (BC_CONTROL_PANEL_ORIGINS), so middleware.ts sets it per request instead of baking it in at build time.
 */
/** @type {import('next').NextConfig} */
const nextConfig = {
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
    ];
  },
};

module.exports = nextConfig;
