import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiDefaultResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';

/** The error envelope, documented once and referenced by every endpoint. */
export class ErrorEnvelopeDto {
  @ApiProperty({
    enum: [-1, 1001, 1002],
    description: '-1 error (msg says why), 1001 not logged in, 1002 not allowed',
  })
  code: number;

  @ApiProperty({ example: 'Order not found' })
  msg: string;

  @ApiProperty({ nullable: true, example: null, type: 'object', additionalProperties: true })
  data: null;

  @ApiPropertyOptional({
    description: 'Catalogued reason, MODULE.REASON',
    example: 'ORDER.NOT_FOUND',
  })
  error?: string;

  @ApiPropertyOptional({
    description: 'Machine-readable context, e.g. the current status',
    type: 'object',
    additionalProperties: true,
  })
  details?: Record<string, unknown>;
}

interface EnvelopeDocOptions {
  description?: string;
  /** Catalogued reasons this endpoint can answer with (listed in the docs). */
  errors?: string[];
}

function errorsText(errors: string[] | undefined): string {
  const always =
    'Errors come as HTTP 200 with code -1 (msg names the problem), 1001 (not logged in) or 1002 (not allowed).';
  return errors?.length ? `${always} Reasons: ${errors.join(', ')}.` : always;
}

function dataSchema(
  model: Type<unknown> | 'null' | 'string' | 'number' | 'boolean',
  isArray: boolean,
) {
  const item =
    model === 'null'
      ? { type: 'object', nullable: true, example: null }
      : typeof model === 'string'
        ? { type: model }
        : { $ref: getSchemaPath(model) };
  return isArray ? { type: 'array', items: item } : item;
}

function envelopeDoc(
  model: Type<unknown> | 'null' | 'string' | 'number' | 'boolean',
  isList: boolean,
  options: EnvelopeDocOptions,
  isArray = isList,
) {
  const properties: Record<string, object> = {
    code: { type: 'integer', example: 0, description: '0 = OK' },
    msg: { type: 'string', example: '' },
    data: dataSchema(model, isArray),
  };
  if (isList)
    properties.total = {
      type: 'integer',
      example: 1,
      description: 'All matching items, across pages',
    };
  return applyDecorators(
    ...(typeof model === 'function' ? [ApiExtraModels(model)] : []),
    ApiExtraModels(ErrorEnvelopeDto),
    ApiOkResponse({
      description: options.description ?? (isList ? 'A page of items and the total' : 'OK'),
      schema: { type: 'object', required: Object.keys(properties), properties },
    }),
    ApiDefaultResponse({ description: errorsText(options.errors), type: ErrorEnvelopeDto }),
  );
}

/** Documents `{code: 0, msg, data: Model}` plus the error envelope. */
export const ApiEnvelope = (
  model: Type<unknown> | 'null' | 'string' | 'number' | 'boolean',
  options: EnvelopeDocOptions = {},
) => envelopeDoc(model, false, options);

/** Documents `{code: 0, msg, data: Model[], total}` plus the error envelope. */
export const ApiPageEnvelope = (model: Type<unknown>, options: EnvelopeDocOptions = {}) =>
  envelopeDoc(model, true, options);

/** Documents `{code: 0, msg, data: Model[]}` (a whole list, no `total`) plus the error envelope. */
export const ApiArrayEnvelope = (model: Type<unknown>, options: EnvelopeDocOptions = {}) =>
  envelopeDoc(model, false, options, true);
