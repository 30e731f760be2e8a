import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsInt,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { MAX_INT4 } from './dto-limits.js';

/**
 * The one way a request DTO declares a number that ends up in a column or a query: bounded to
 * what the column holds, so `1e308`, `2^31` or `-1` is a validation error naming the field and
 * never an overflow (or an invalid Date) inside PostgreSQL. `class-validator`'s `IsInt` and
 * `IsOptional` are not imported by DTOs directly (eslint `no-restricted-imports` says so).
 */

/** int8 ids travel as JS numbers, exact only up to 2^53 - 1. */
export const MAX_INT8 = Number.MAX_SAFE_INTEGER;
/** Unix seconds of 9999-12-31 23:59:59 UTC: every value up to it is a valid Date and timestamptz. */
export const MAX_UNIX_TIME = 253_402_300_799;
/** Highest page number (`current`): with 100 a page, ten million rows deep. */
export const MAX_PAGE = 100_000;

export interface DbIntOptions {
  /** Smallest value (default 0). */
  min?: number;
  /** Largest value (default int4's 2,147,483,647). */
  max?: number;
  /**
   * The value may come from a query string: a plain decimal (`"42"`) becomes a number and an
   * empty one (`?id=`) counts as not sent. Anything else (`"1e308"`, `"0x10"`, `" "`) stays a
   * string and is refused as not an integer, instead of whatever `Number()` would make of it.
   */
  query?: boolean;
  /** Validate each element of an array. */
  each?: boolean;
}

const DECIMAL = /^[+-]?\d+$/;

/** `@Transform` for integers in query strings (see DbIntOptions.query). */
export const queryInteger = ({ value }: { value: unknown }): unknown => {
  if (value === '') return undefined;
  return typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
};

/** An integer count, amount or code stored in an integer column: bounded to that column. */
export function IsDbInt(options: DbIntOptions = {}): PropertyDecorator {
  const each = { each: options.each };
  return applyDecorators(
    ...(options.query ? [Transform(queryInteger)] : []),
    IsInt(each),
    Min(options.min ?? 0, each),
    Max(options.max ?? MAX_INT4, each),
  );
}

export interface DbIdOptions extends Omit<DbIntOptions, 'min' | 'max'> {
  /** The column is int8 (bigint), not int4. */
  bigint?: boolean;
  /** 0 is accepted and means "none" (AnqiCMS sends 0 for an unset reference). */
  zero?: boolean;
}

/** A row id (int4 `serial` by default): 1..2^31-1, or 0 when `zero` allows "none". */
export function IsDbId(options: DbIdOptions = {}): PropertyDecorator {
  return IsDbInt({
    ...options,
    min: options.zero ? 0 : 1,
    max: options.bigint ? MAX_INT8 : MAX_INT4,
  });
}

/** Unix seconds: 0 (AnqiCMS's "never") up to the year 9999, so every value is a valid Date. */
export function IsUnixTime(options: Omit<DbIntOptions, 'max'> = {}): PropertyDecorator {
  return IsDbInt({ ...options, max: MAX_UNIX_TIME });
}

/** A page number (`current`), 1..MAX_PAGE. */
export function IsPageNumber(): PropertyDecorator {
  return IsDbInt({ min: 1, max: MAX_PAGE, query: true });
}

function NotNull(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notNull',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => value !== null,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must not be null (leave it out instead)`,
      },
    });
}

/**
 * The field may be left out, but `null` is refused: none of our columns behind an optional
 * field take NULL, and "null means clear" would be a different contract per field. (class-
 * validator's IsOptional lets null through to the service, where it reached NOT NULL columns.)
 */
export function OptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    NotNull(),
  );
}
