/**
 * Hostile requests generated from the app's own OpenAPI document (`/docs-json`): every operation,
 * its query parameters, path parameters and JSON body schema. A seeded PRNG picks the values, so
 * a failing run replays exactly with the same seed.
 */

/** mulberry32: small, fast and good enough to pick fuzz values; the same seed, the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = any;

export interface FuzzOperation {
  method: string;
  /** OpenAPI path, e.g. `/uploads/{month}/{file}`. */
  path: string;
  queryParams: { name: string; schema: Json; required: boolean }[];
  pathParams: string[];
  /** Resolved JSON body schema, or undefined when the operation takes no JSON body. */
  bodySchema?: Json;
  multipart: boolean;
}

export interface FuzzRequest {
  method: string;
  path: string;
  query: [string, string][];
  /** Raw body text (JSON or deliberately malformed), undefined = no body. */
  body?: string;
  contentType?: string;
  /** What this case is about, for the failure report. */
  label: string;
}

function resolve(doc: Json, schema: Json, depth = 0): Json {
  if (!schema || depth > 8) return schema;
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    return resolve(doc, doc.components?.schemas?.[name], depth + 1);
  }
  if (schema.allOf) {
    const merged: Json = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf) {
      const resolved = resolve(doc, part, depth + 1) ?? {};
      Object.assign(merged.properties, resolved.properties ?? {});
      merged.required.push(...(resolved.required ?? []));
    }
    return merged;
  }
  return schema;
}

export function operationsOf(doc: Json): FuzzOperation[] {
  const operations: FuzzOperation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const parameters: Json[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: resolve(doc, p.schema), required: !!p.required })),
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name as string),
        bodySchema: content['application/json']
          ? resolveDeep(doc, content['application/json'].schema)
          : undefined,
        multipart: !!content['multipart/form-data'],
      });
    }
  }
  return operations;
}

function resolveDeep(doc: Json, schema: Json, depth = 0): Json {
  const resolved = resolve(doc, schema);
  if (!resolved || depth > 6) return resolved;
  const out: Json = { ...resolved };
  if (resolved.properties) {
    out.properties = Object.fromEntries(
      Object.entries<Json>(resolved.properties).map(([key, value]) => [
        key,
        resolveDeep(doc, value, depth + 1),
      ]),
    );
  }
  if (resolved.items) out.items = resolveDeep(doc, resolved.items, depth + 1);
  return out;
}

/** A plausible value for a schema: its example, else something of the right type. */
export function plausible(schema: Json, depth = 0): Json {
  if (!schema) return 1;
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'string':
      return 'x';
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 ? [] : [plausible(schema.items, depth + 1)];
    default:
      if (schema.properties && depth <= 4) {
        return Object.fromEntries(
          Object.entries<Json>(schema.properties).map(([key, value]) => [
            key,
            plausible(value, depth + 1),
          ]),
        );
      }
      return {};
  }
}

const LONG = 'x'.repeat(70_000);

/** Values that have broken (or could break) a handler, a query or a column. */
export const HOSTILE: Json[] = [
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 63,
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  0,
  1.5,
  -0.000001,
  '1e308',
  'NaN',
  'Infinity',
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  null,
  true,
  [],
  [1, 2],
  {},
  { $gt: 1 },
  ['\u0000'],
  LONG,
  '😀𝔘\u202e\ufeff',
  '\ud800',
  "'; DROP TABLE users; --",
  '../../etc/passwd',
  '2023-02-30',
  '0x10',
  '١٢٣',
];

/** Query-string forms of hostile values (queries are strings; repeated keys become arrays). */
export const HOSTILE_QUERY: string[] = [
  '1e308',
  '-1e308',
  '2147483648',
  '9223372036854775808',
  '99999999999999999999999',
  '-1',
  '0',
  '1.5',
  'NaN',
  'Infinity',
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'null',
  'true',
  '[]',
  '{}',
  'x'.repeat(5000),
  '😀𝔘\u202e',
  '0x10',
  '١٢٣',
  '%',
];

export class FuzzGenerator {
  constructor(private readonly random: () => number) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  /** `count` requests for one operation: one field broken at a time, or the whole body. */
  requests(op: FuzzOperation, count: number): FuzzRequest[] {
    const cases: FuzzRequest[] = [];
    for (let i = 0; i < count; i++) cases.push(this.one(op, i));
    return cases;
  }

  private one(op: FuzzOperation, index: number): FuzzRequest {
    const path = op.path.replace(/\{(\w+)\}/g, () =>
      encodeURIComponent(String(this.pick<Json>([...HOSTILE_QUERY, '2024-01', 'a.png']))),
    );
    const query: [string, string][] = op.queryParams
      .filter((p) => p.required || this.random() < 0.5)
      .map((p) => [p.name, String(plausible(p.schema))]);
    const base: FuzzRequest = { method: op.method, path, query, label: '' };

    if (op.queryParams.length && (!op.bodySchema || index % 2 === 0)) {
      const param = this.pick(op.queryParams);
      const value = this.pick(HOSTILE_QUERY);
      const others = query.filter(([name]) => name !== param.name);
      // A repeated key arrives as an array.
      const hostile: [string, string][] =
        this.random() < 0.15
          ? [
              [param.name, value],
              [param.name, value],
            ]
          : [[param.name, value]];
      return {
        ...base,
        query: [...others, ...hostile],
        ...(op.bodySchema ? this.jsonBody(plausible(op.bodySchema)) : {}),
        label: `query ${param.name}=${JSON.stringify(value).slice(0, 60)}`,
      };
    }
    if (op.bodySchema) return { ...base, ...this.body(op.bodySchema) };
    if (op.multipart) {
      return {
        ...base,
        body: this.pick(['', '--x\r\n', '{"a":1}']),
        contentType: this.pick(['multipart/form-data; boundary=x', 'multipart/form-data']),
        label: 'broken multipart',
      };
    }
    // No parameters at all: still try parameters and bodies nobody asked for.
    const value = this.pick(HOSTILE_QUERY);
    if (op.method === 'GET' || op.method === 'HEAD') {
      return { ...base, query: [['id', value]], label: `unexpected id=${value.slice(0, 60)}` };
    }
    return { ...base, ...this.jsonBody(this.pick(HOSTILE)), label: 'unexpected body' };
  }

  private jsonBody(value: Json): Pick<FuzzRequest, 'body' | 'contentType'> {
    return { body: JSON.stringify(value), contentType: 'application/json' };
  }

  private body(schema: Json): Pick<FuzzRequest, 'body' | 'contentType' | 'label'> {
    const roll = this.random();
    if (roll < 0.08) {
      const raw = this.pick(['{"a": ', '{', 'nul', '{"id": 1e999}', '[', '"\\u0000"', '{"a":1}}']);
      return { body: raw, contentType: 'application/json', label: `malformed ${raw}` };
    }
    if (roll < 0.12) return { contentType: 'application/json', label: 'missing body' };
    if (roll < 0.16) {
      const whole = this.pick<Json>([null, [], 'text', 42, [plausible(schema)], true]);
      return { ...this.jsonBody(whole), label: `body ${JSON.stringify(whole)}` };
    }
    if (roll < 0.19) {
      return {
        body: JSON.stringify(plausible(schema)),
        contentType: this.pick([
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
        ]),
        label: 'wrong content type',
      };
    }
    const body = plausible(schema);
    const target = this.pickPath(schema, body);
    if (!target) return { ...this.jsonBody({ '\u0000': this.pick(HOSTILE) }), label: 'NUL key' };
    const value = this.pick(HOSTILE);
    target.set(value);
    return {
      ...this.jsonBody(body),
      label: `${target.name}=${JSON.stringify(value)?.slice(0, 60)}`,
    };
  }

  /** A (possibly nested) property of the body to break. */
  private pickPath(
    schema: Json,
    body: Json,
    prefix = '',
  ): { name: string; set: (value: Json) => void } | undefined {
    const keys = Object.keys(schema?.properties ?? {});
    if (!keys.length || typeof body !== 'object' || body === null) return undefined;
    const key = this.pick(keys);
    const child = schema.properties[key];
    const name = prefix ? `${prefix}.${key}` : key;
    if (this.random() < 0.4) {
      if (child?.type === 'array' && Array.isArray(body[key]) && body[key].length) {
        const nested = this.pickPath(child.items, body[key][0], `${name}[0]`);
        if (nested) return nested;
        return { name: `${name}[0]`, set: (value) => (body[key][0] = value) };
      }
      if (child?.properties && body[key]) {
        const nested = this.pickPath(child, body[key], name);
        if (nested) return nested;
      }
    }
    return { name, set: (value) => (body[key] = value) };
  }
}
