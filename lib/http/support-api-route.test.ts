import { SupportForbiddenOriginError } from '@/lib/support/support-errors';
import { assertSameOrigin } from './support-api-route';

describe('support CSRF origin check', () => {
  const appUrl = 'https://app.example.com';

  it('lets reads through without an Origin', () => {
    expect(() => assertSameOrigin('GET', undefined, appUrl)).not.toThrow();
    expect(() => assertSameOrigin('HEAD', 'https://evil.example', appUrl)).not.toThrow();
  });

  it('requires the app origin on anything that changes state', () => {
    expect(() => assertSameOrigin('POST', 'https://app.example.com', appUrl)).not.toThrow();
    for (const origin of [undefined, 'null', 'https://evil.example', 'http://app.example.com', 'https://app.example.com.evil.example']) {
      expect(() => assertSameOrigin('POST', origin, appUrl)).toThrow(SupportForbiddenOriginError);
    }
    expect(() => assertSameOrigin('DELETE', undefined, appUrl)).toThrow(SupportForbiddenOriginError);
  });
});
