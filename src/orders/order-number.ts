import { randomBytes } from 'node:crypto';

/**
 * Order and payment numbers as AnqiCMS makes them (spec `202211232209080046`): the server's local
 * time as YYYYMMDDHHmmss, then the last 4 digits of the zero-padded row id. A row is either
 * numbered by the statement that inserts it (its id drawn from the sequence first, rowNumberSql),
 * or inserted with a unique placeholder and numbered right after, in the same transaction
 * (nobody else ever sees the placeholder); a unique index guards the (10 000-per-second)
 * wrap-around.
 */
export function rowNumber(at: Date, rowId: number): string {
  return numberStamp(at) + String(rowId).padStart(4, '0').slice(-4);
}

/** The time part of rowNumber: the server's local time as YYYYMMDDHHmmss. */
export function numberStamp(at: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return (
    pad(at.getFullYear(), 4) +
    pad(at.getMonth() + 1) +
    pad(at.getDate()) +
    pad(at.getHours()) +
    pad(at.getMinutes()) +
    pad(at.getSeconds())
  );
}

/**
 * rowNumber in SQL, for a row numbered in the statement that inserts it: `stampSql` is
 * numberStamp's text, `idSql` the row's id (drawn from its sequence first).
 */
export function rowNumberSql(stampSql: string, idSql: string): string {
  return `(${stampSql} || lpad((${idSql} % 10000)::text, 4, '0'))`;
}

/** A unique, never-numeric stand-in for the number until the row id is known. */
export function numberPlaceholder(): string {
  return `pending-${randomBytes(12).toString('hex')}`;
}
