/** Shared pieces of request DTOs: one definition of each bound and transform. */

/** `@Transform(trimString)`: surrounding spaces never count (names, codes, addresses). */
export const trimString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** Largest id or count an INT column holds; larger ids are refused as invalid, not a 500. */
export const MAX_INT4 = 2_147_483_647;

/** Largest money amount accepted (fen): far above any real price, far below 2^53. */
export const MAX_FEN = 100_000_000_000;

/** `@Matches(NO_NUL)`: PostgreSQL text cannot hold a NUL byte; refuse it as bad input. */
// eslint-disable-next-line no-control-regex
export const NO_NUL = /^[^\u0000]*$/;
