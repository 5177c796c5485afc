import { PreviewOrderIdSchema } from './order-preview';

describe('PreviewOrderIdSchema', () => {
  it('takes an order number from the path', () => {
    expect(PreviewOrderIdSchema.parse('100')).toBe(100);
    expect(PreviewOrderIdSchema.parse('000123')).toBe(123);
  });

  it.each(['0', '000', '-1', '1.5', '1e5', 'abc', '', '1234567890123456'])('refuses %j (order 0 used to reach the reader and answer 500)', (value) => {
    expect(PreviewOrderIdSchema.safeParse(value).success).toBe(false);
  });

  it('refuses a repeated parameter', () => {
    expect(PreviewOrderIdSchema.safeParse(['1', '2']).success).toBe(false);
  });
});
