import { frameAncestorsPolicy } from './security-headers';

describe('frame-ancestors policy', () => {
  it('allows BigCommerce control panels by default', () => {
    const policy = frameAncestorsPolicy('/', undefined);
    expect(policy).toBe("frame-ancestors 'self' https://*.mybigcommerce.com https://*.my-integration.zone https://*.my-staging.zone");
  });

  it('uses the configured origins (offline sandbox control panel)', () => {
    expect(frameAncestorsPolicy('/welcome', 'http://127.0.0.1:3100, https://*.mybigcommerce.com')).toBe(
      "frame-ancestors 'self' http://127.0.0.1:3100 https://*.mybigcommerce.com",
    );
  });

  it('forbids framing staff pages', () => {
    expect(frameAncestorsPolicy('/support/stores', undefined)).toBe("frame-ancestors 'none'");
  });
});
