import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiDefaultResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import { CommonErrors } from '../errors/app-error.js';
import type { ErrorEntry } from '../errors/app-error.js';

/** The error envelope, documented once and referenced by every endpoint. */
export class ErrorEnvelopeDto {
  @ApiProperty({
    enum: [-1, 1001, 1002],
    description: '-1 error (msg says why), 1001 not logged in, 1002 not allowed',
  })
  code: number;

  @ApiProperty({ example: 'Says what went wrong, in words' })
  msg: string;

  @ApiProperty({ nullable: true, example: null, type: 'object', additionalProperties: true })
  data: null;

  @ApiPropertyOptional({
    description: 'Catalogued reason, MODULE.REASON',
    example: 'MODULE.REASON',
  })
  error?: string;

  @ApiPropertyOptional({
    description: 'Machine-readable context, e.g. the current status',
    type: 'object',
    additionalProperties: true,
  })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'On COMMON.INTERNAL only: the request id the server logged the failure under (quote it to support)',
    example: '83abbdeb-7823-4f83-9bd8-f4fda5e6b9fa',
  })
  request_id?: string;
}

/** A catalogue entry the docs list as a reason, with a remark for this endpoint. */
interface NotedError {
  entry: ErrorEntry;
  note: string;
}

/** Lists `entry` as `REASON (note)`, e.g. `AUTH.TOO_MANY_ATTEMPTS (with Retry-After)`. */
export const withNote = (entry: ErrorEntry, note: string): NotedError => ({ entry, note });

/** A whole catalogue, listed as `MODULE.*` (e.g. every coupon refusal). */
type ErrorCatalogue = Readonly<Record<string, ErrorEntry>>;

interface EnvelopeDocOptions {
  description?: string;
  /** Catalogue entries this endpoint can answer with; their reasons are listed in the docs. */
  errors?: readonly (ErrorEntry | NotedError | ErrorCatalogue)[];
  /** The list counts up to this many rows and says so in `total_capped`. */
  cappedTotal?: number;
  /** `data` may be null (e.g. "the most recent one, or null when there is none"). */
  nullable?: boolean;
}

function isNoted(e: NotedError | ErrorCatalogue): e is NotedError {
  return typeof e.entry === 'function' && typeof e.note === 'string';
}

/** The one MODULE every entry of a catalogue shares. */
function moduleOf(entries: ErrorEntry[]): string {
  const modules = new Set(entries.map((entry) => entry.reason.split('.')[0]));
  if (modules.size !== 1) throw new Error(`Not one module: ${[...modules].join(', ')}`);
  return [...modules][0];
}

function errorsText(errors: EnvelopeDocOptions['errors']): string {
  const always =
    'Errors come as HTTP 200 with code -1 (msg names the problem), 1001 (not logged in) or 1002 (not allowed).';
  const reasons = errors?.map((e) =>
    typeof e === 'function'
      ? e.reason
      : isNoted(e)
        ? `${e.entry.reason} (${e.note})`
        : `${moduleOf(Object.values(e))}.*`,
  );
  return reasons?.length ? `${always} Reasons: ${reasons.join(', ')}.` : always;
}

/**
 * The error example of a route: its own first listed reason (a login shows a login refusal, not
 * some other module's "not found"), with the entry's own message when it needs no arguments.
 */
function errorExample(errors: EnvelopeDocOptions['errors']) {
  const first = errors?.[0];
  const entry: ErrorEntry =
    first === undefined
      ? CommonErrors.validation
      : typeof first === 'function'
        ? first
        : isNoted(first)
          ? first.entry
          : Object.values(first)[0];
  let code = -1;
  let msg = 'Says what went wrong, in words';
  try {
    const error = (entry as () => { message: string; envelopeCode: number })();
    code = error.envelopeCode;
    if (!/undefined|NaN|\[object/.test(error.message)) msg = error.message;
  } catch {
    // The entry needs arguments to build its message: the placeholder stays.
  }
  return { code, msg, data: null, error: entry.reason };
}

function dataSchema(
  model: Type<unknown> | 'null' | 'string' | 'number' | 'boolean',
  isArray: boolean,
  nullable = false,
) {
  const item =
    model === 'null'
      ? { type: 'object', nullable: true, example: null }
      : typeof model === 'string'
        ? { type: model }
        : { $ref: getSchemaPath(model) };
  if (isArray) return { type: 'array', items: item };
  // OpenAPI 3.0 ignores siblings of $ref: a nullable reference is wrapped in allOf.
  if (nullable && '$ref' in item) return { nullable: true, allOf: [item] };
  return nullable ? { ...item, nullable: true } : item;
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
    data: dataSchema(model, isArray, options.nullable),
  };
  if (isList)
    properties.total = {
      type: 'integer',
      example: 1,
      description: options.cappedTotal
        ? `All matching items, counted up to ${options.cappedTotal.toLocaleString('en')} (see total_capped)`
        : 'All matching items, across pages',
    };
  const required = Object.keys(properties);
  if (isList && options.cappedTotal)
    properties.total_capped = {
      type: 'boolean',
      example: false,
      description: `true when more than ${options.cappedTotal.toLocaleString('en')} items match and \`total\` is that cap (the pages go on past it)`,
    };
  return applyDecorators(
    ...(typeof model === 'function' ? [ApiExtraModels(model)] : []),
    ApiExtraModels(ErrorEnvelopeDto),
    ApiOkResponse({
      description: options.description ?? (isList ? 'A page of items and the total' : 'OK'),
      schema: { type: 'object', required, properties },
    }),
    ApiDefaultResponse({
      description: errorsText(options.errors),
      content: {
        'application/json': {
          schema: { $ref: getSchemaPath(ErrorEnvelopeDto) },
          example: errorExample(options.errors),
        },
      },
    }),
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
