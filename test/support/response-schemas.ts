import { appendFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ValidateFunction } from 'ajv';
import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;

const SCHEMA_ID = 'urn:openapi:';

/**
 * An OpenAPI 3.0 schema as a strict JSON Schema: `nullable` becomes "or null", every object
 * that lists its properties accepts no other (so an undocumented field fails), and component
 * references point at the components registered by their name.
 */
function strict(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const source = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'properties')
      out[key] = Object.fromEntries(
        Object.entries(value as Schema).map(([name, field]) => [name, strict(field)]),
      );
    else if (key === 'items' || key === 'additionalProperties' || key === 'not')
      out[key] = strict(value);
    else if (key === 'allOf' || key === 'oneOf' || key === 'anyOf')
      out[key] = (value as unknown[]).map(strict);
    else if (key === '$ref')
      out[key] = SCHEMA_ID + String(value).replace('#/components/schemas/', '');
    else if (key !== 'nullable' && key !== 'example' && key !== 'examples') out[key] = value;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // `{nullable, type: object, allOf: [$ref]}` (a nullable nested DTO) is "null or the DTO".
  return source.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

interface Route {
  method: string;
  pattern: RegExp;
  path: string;
  /** The documented JSON answer per HTTP status ('200', '400', …, 'default'). */
  answers: Map<string, ValidateFunction>;
}

/** Envelope codes of an error answer (an envelope whose code is not 0). */
const ERROR_CODES = new Set([-1, 1001, 1002]);

export interface SchemaMismatch {
  route: string;
  status: number;
  code: unknown;
  problems: string[];
}

/**
 * Checks every JSON answer the e2e tests receive against the route's schema in the OpenAPI
 * document (`/docs-json`): a success against its documented envelope, an error against the error
 * envelope. Fails on undocumented fields and wrong types, so the docs stay true.
 */
export class ResponseSchemas {
  private readonly routes: Route[] = [];
  private readonly error: ValidateFunction;

  constructor(document: OpenAPIObject) {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {}))
      ajv.addSchema({ ...(strict(schema) as Schema), $id: SCHEMA_ID + name });
    this.error = ajv.compile({ $ref: `${SCHEMA_ID}ErrorEnvelopeDto` });
    for (const [path, operations] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(operations as Record<string, any>)) {
        const answers = new Map<string, ValidateFunction>();
        for (const [status, response] of Object.entries(
          (operation?.responses ?? {}) as Record<string, any>,
        )) {
          const schema = response?.content?.['application/json']?.schema;
          if (schema) answers.set(status, ajv.compile(strict(schema) as Schema));
        }
        this.routes.push({ method: method.toUpperCase(), pattern, path, answers });
      }
    }
  }

  /** The problems of one answer; empty when it is as documented (or not a documented route). */
  check(method: string, url: URL, status: number, contentType: string, body: unknown): string[] {
    const route = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    if (!route || !contentType.includes('application/json')) return [];
    const code = (body as { code?: unknown })?.code;
    // An error envelope (any route, any status: a transport 4xx too) is the error envelope;
    // anything else is the answer documented for its status.
    const validate = ERROR_CODES.has(code as number)
      ? this.error
      : route.answers.get(String(status));
    if (!validate) return [`documents no JSON answer for HTTP ${status}`];
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${
          e.keyword === 'additionalProperties'
            ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
            : ''
        }`,
    );
  }
}

/**
 * Where a mismatch goes: thrown (the test fails, naming the route and the field), or with
 * OPENAPI_CHECK=collect appended to the file OPENAPI_CHECK_FILE (to survey them all at once).
 */
export function reportMismatch(mismatch: SchemaMismatch): void {
  if (process.env.OPENAPI_CHECK === 'collect') {
    appendFileSync(
      process.env.OPENAPI_CHECK_FILE ?? '/tmp/openapi-mismatches.jsonl',
      `${JSON.stringify(mismatch)}\n`,
    );
    return;
  }
  throw new Error(
    `${mismatch.route} answered ${mismatch.status} (code ${String(mismatch.code)}) not as /docs-json documents it:\n  ${mismatch.problems.join('\n  ')}`,
  );
}
