/**
 * `quote_price` is a decimal string in currency units on the wire (AnqiCMS sends e.g. "9900");
 * everything that computes uses integer fen (`quote_amount`). Parsing is string-based: no
 * floating point ever touches money.
 */

/** The largest quote: 10,000,000.00 in currency units (bounded so fen stay far below 2^53). */
export const MAX_QUOTE_AMOUNT_FEN = 1_000_000_000;

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

export type QuotePriceParse =
  { ok: true; amount: number; price: string } | { ok: false; reason: string };

/** "99.5" → 9950 fen, normalised back to "99.50"; "9900" → 990000 fen, "9900". */
export function parseQuotePrice(raw: string): QuotePriceParse {
  const text = raw.trim();
  const match = DECIMAL.exec(text);
  if (!match) {
    return {
      ok: false,
      reason:
        'quote_price must be a positive amount in currency units with at most 2 decimals, e.g. "9900" or "99.50"',
    };
  }
  const units = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const amount = units * 100 + cents;
  if (amount <= 0) return { ok: false, reason: 'quote_price must be greater than 0' };
  if (amount > MAX_QUOTE_AMOUNT_FEN) {
    return {
      ok: false,
      reason: `quote_price must be at most ${formatQuotePrice(MAX_QUOTE_AMOUNT_FEN)}`,
    };
  }
  return { ok: true, amount, price: formatQuotePrice(amount) };
}

/** 990000 → "9900", 9950 → "99.50" (whole amounts without decimals, as AnqiCMS shows them). */
export function formatQuotePrice(amountFen: number): string {
  const units = Math.floor(amountFen / 100);
  const cents = amountFen % 100;
  return cents === 0 ? String(units) : `${units}.${String(cents).padStart(2, '0')}`;
}
