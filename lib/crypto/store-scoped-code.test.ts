/** Store-scoped single-use codes (session hand-off, QuickBooks OAuth state). */
import { newStoreScopedCode, parseStoreScopedCode } from './store-scoped-code';

describe('store-scoped codes', () => {
  it('parse back to the same store and hash', () => {
    const { code, codeHash } = newStoreScopedCode('abc123');
    expect(parseStoreScopedCode(code)).toEqual({ storeHash: 'abc123', codeHash });
  });

  it('are different every time', () => {
    expect(newStoreScopedCode('abc123').code).not.toBe(newStoreScopedCode('abc123').code);
  });

  it.each([undefined, 42, '', 'abc123', 'ABC.x', `abc123.${'x'.repeat(10)}`, `abc/123.${'x'.repeat(43)}`, `abc123.${'x'.repeat(44)}`])(
    'rejects malformed code %p',
    (code) => {
      expect(parseStoreScopedCode(code)).toBeUndefined();
    },
  );
});
