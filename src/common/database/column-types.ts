import { ValueTransformer } from 'typeorm';

/**
 * Money (integer fen) and counters are BIGINT in SQL; pg hands int8 back as a string.
 * Values stay far below 2^53, so they are safe as JS numbers.
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** Unix seconds, the wire format for every time field (0 = never, as AnqiCMS sends). */
export function toUnixSeconds(date: Date | null | undefined): number {
  return date ? Math.floor(date.getTime() / 1000) : 0;
}
