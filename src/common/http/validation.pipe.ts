import { ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonErrors } from '../errors/app-error.js';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      // class-validator says "quantity must be..."; name the full path for nested fields.
      prefix ? message.replace(error.property, path) : message,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * class-validator DTOs everywhere: unknown properties are stripped (a client can never set a
 * field it does not own), query strings are converted where a DTO says @Type(() => Number),
 * and failures become one -1 envelope naming every bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonErrors.validation(flatten(errors)),
  });
}
