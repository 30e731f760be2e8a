import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const MAX_EXTRA_KEYS = 30;
export const MAX_EXTRA_KEY_LENGTH = 64;
export const MAX_EXTRA_VALUE_LENGTH = 1000;
export const MAX_EXTRA_JSON_BYTES = 8 * 1024;

export const MAX_IMAGE_URL_LENGTH = 512;

/** AnqiCMS sends a date ("2023-12-31"), optionally with a time; empty clears it. */
export const EVENT_DATE = /^(|\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?)$/;

export const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

/** Why an `order_extra` value is unacceptable, or undefined when it is fine. */
export function orderExtraProblem(value: unknown, property: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${property} must be an object of field names to string or number values`;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_EXTRA_KEYS) {
    return `${property} may have at most ${MAX_EXTRA_KEYS} fields`;
  }
  for (const [key, item] of entries) {
    if (key.trim() === '' || key.length > MAX_EXTRA_KEY_LENGTH) {
      return `${property} field names must be 1 to ${MAX_EXTRA_KEY_LENGTH} characters`;
    }
    if (typeof item === 'string') {
      if (item.length > MAX_EXTRA_VALUE_LENGTH) {
        return `${property}.${key} must be at most ${MAX_EXTRA_VALUE_LENGTH} characters`;
      }
    } else if (typeof item !== 'number' || !Number.isFinite(item)) {
      return `${property}.${key} must be a string or a number (nested objects and arrays are not allowed)`;
    }
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_EXTRA_JSON_BYTES) {
    return `${property} must be at most ${MAX_EXTRA_JSON_BYTES / 1024} KB`;
  }
  return undefined;
}

/** `order_extra`: a flat object of string/number values, bounded in keys and size. */
export function IsOrderExtra(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isOrderExtra',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          orderExtraProblem(value, args.property) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          orderExtraProblem(args.value, args.property) ?? `${args.property} is invalid`,
      },
    });
  };
}
