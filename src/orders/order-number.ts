import { randomBytes } from 'node:crypto';

/**
 * Order and payment numbers as AnqiCMS makes them (spec `202211232209080046`): the server's local
 * time as YYYYMMDDHHmmss, then the last 4 digits of the zero-padded row id. The row is inserted
 * with a unique placeholder and numbered right after, in the same transaction (nobody else ever
 * sees the placeholder); a unique index guards the (10 000-per-second) wrap-around.
 */
export function rowNumber(at: Date, rowId: number): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const stamp =
    pad(at.getFullYear(), 4) +
    pad(at.getMonth() + 1) +
    pad(at.getDate()) +
    pad(at.getHours()) +
    pad(at.getMinutes()) +
    pad(at.getSeconds());
  return stamp + pad(rowId, 4).slice(-4);
}

/** A unique, never-numeric stand-in for the number until the row id is known. */
export function numberPlaceholder(): string {
  return `pending-${randomBytes(12).toString('hex')}`;
}
