import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { trimString } from '../../common/validation/dto-limits.js';
import { OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/** PostgreSQL text cannot hold NUL: refused as invalid input instead of failing in the query. */
const NO_NUL = /^[^\0]*$/;
const NO_NUL_MESSAGE = '$property must not contain NUL characters';

export interface OptionalTextRules {
  max: number;
  min?: number;
  /** Trimmed before validation unless false (rich text keeps its whitespace). */
  trim?: boolean;
  /** Refuse NUL characters, with NO_NUL_MESSAGE. */
  noNul?: boolean;
  /** A pattern the text must match, and the message when it does not. */
  matches?: [RegExp, string];
}

/**
 * An optional text field of the catalogue DTOs: documented, never null when sent, trimmed, a
 * string of `min`..`max` characters, free of NUL / matching a pattern when asked.
 */
export function OptionalText(
  rules: OptionalTextRules,
  api?: ApiPropertyOptions,
): PropertyDecorator {
  const { max, min, trim = true, noNul = false, matches } = rules;
  // Top to bottom as they would be stacked on the field...
  const stack: PropertyDecorator[] = [
    ApiPropertyOptional(api),
    OptionalNotNull(),
    ...(trim ? [Transform(trimString)] : []),
    IsString(),
    ...(min === undefined ? [] : [MinLength(min)]),
    MaxLength(max),
    ...(noNul ? [Matches(NO_NUL, { message: NO_NUL_MESSAGE })] : []),
    ...(matches ? [Matches(matches[0], { message: matches[1] })] : []),
  ];
  // ...and applied bottom first, as stacked ones are: validation messages keep their order.
  return applyDecorators(...stack.reverse());
}
