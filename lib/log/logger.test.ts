import { redact } from './logger';

describe('redact', () => {
  it('masks credential-looking keys at any depth and bearer tokens inside strings', () => {
    const out = redact({
      storeHash: 'abc',
      accessToken: 'tok-1',
      nested: { headers: { Authorization: 'Bearer xyz', 'x-qbo-sync-secret': 's3' }, list: [{ client_secret: 'cs' }] },
      message: 'call failed with Bearer abc.def.ghi',
    });
    const text = JSON.stringify(out);
    for (const secret of ['tok-1', 'xyz', 's3', '"cs"', 'abc.def.ghi']) expect(text).not.toContain(secret);
    expect(text).toContain('"storeHash":"abc"');
  });
});
