/**
 * Order and payment numbers as AnqiCMS makes them (spec `202211232209080046`): the server's local
 * time as YYYYMMDDHHmmss, then the last 4 digits of the zero-padded row id. The row id is taken
 * from the table's sequence before the INSERT, so the number is written once, complete; a unique
 * index guards the (10 000-per-second) wrap-around.
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
