import { formatQuotePrice, MAX_QUOTE_AMOUNT_FEN, parseQuotePrice } from './quote-price.js';

describe('quote price', () => {
  it.each([
    ['9900', 990000, '9900'],
    ['99.50', 9950, '99.50'],
    ['99.5', 9950, '99.50'],
    ['0.01', 1, '0.01'],
    [' 12.00 ', 1200, '12'],
    ['007', 700, '7'],
    ['10000000', MAX_QUOTE_AMOUNT_FEN, '10000000'],
  ])('parses %p as %p fen, shown as %p', (raw, amount, price) => {
    expect(parseQuotePrice(raw)).toEqual({ ok: true, amount, price });
  });

  it.each([
    '',
    '0',
    '0.00',
    '-1',
    '1.234',
    '1e3',
    '1,000',
    'abc',
    '.5',
    '5.',
    '10000000.01',
    '99999999999999',
    'NaN',
  ])('refuses %p with a reason', (raw) => {
    const result = parseQuotePrice(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/quote_price/);
  });

  it('formats fen back to currency units', () => {
    expect(formatQuotePrice(990000)).toBe('9900');
    expect(formatQuotePrice(9950)).toBe('99.50');
    expect(formatQuotePrice(5)).toBe('0.05');
  });
});
