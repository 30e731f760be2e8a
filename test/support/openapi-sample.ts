/**
 * What Swagger UI puts in a request when a newcomer presses "Try it out" and then "Execute"
 * without editing anything: a parameter's `example`, and a body sampled from its schema the way
 * Swagger UI samples one (the first named example if there is one; otherwise each property's
 * `example`, else its first enum value, else its default, else a placeholder of its type).
 */
type Schema = Record<string, any>;

export class OpenApiSampler {
  constructor(private readonly doc: Schema) {}

  resolve(schema: Schema | undefined): Schema {
    let current = schema ?? {};
    while (current.$ref) {
      const name = String(current.$ref).replace('#/components/schemas/', '');
      current = this.doc.components.schemas[name];
    }
    return current;
  }

  /** The body Swagger UI pre-fills for a JSON request body, or undefined when there is none. */
  requestBody(operation: Schema): unknown {
    const content = operation.requestBody?.content?.['application/json'];
    if (!content) return undefined;
    const named = Object.values<Schema>(content.examples ?? {})[0];
    if (named) return named.value;
    if (content.example !== undefined) return content.example;
    return this.sample(content.schema);
  }

  /** A parameter's pre-filled value (undefined: Swagger UI leaves the input empty). */
  parameter(parameter: Schema): unknown {
    return parameter.example ?? parameter.schema?.example ?? this.resolve(parameter.schema).example;
  }

  sample(input: Schema | undefined, depth = 0): unknown {
    const schema = this.resolve(input);
    if (schema.example !== undefined) return schema.example;
    if (schema.allOf) {
      return Object.assign({}, ...schema.allOf.map((part: Schema) => this.sample(part, depth + 1)));
    }
    if (schema.oneOf || schema.anyOf)
      return this.sample((schema.oneOf ?? schema.anyOf)[0], depth + 1);
    if (schema.enum) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === 'object' || schema.properties) {
      const out: Record<string, unknown> = {};
      if (depth > 5) return out;
      for (const [name, property] of Object.entries<Schema>(schema.properties ?? {})) {
        if (this.resolve(property).readOnly) continue;
        out[name] = this.sample(property, depth + 1);
      }
      return out;
    }
    if (type === 'array') return depth > 5 ? [] : [this.sample(schema.items, depth + 1)];
    if (type === 'integer' || type === 'number') return schema.minimum ?? 0;
    if (type === 'boolean') return true;
    if (type === 'string') {
      if (schema.format === 'date-time') return new Date(0).toISOString();
      if (schema.format === 'email') return 'user@example.com';
      return 'string';
    }
    return undefined;
  }
}
