import type { OpenAPIObject } from '@nestjs/swagger';

/** The fields of an OpenAPI parameter this pass reads and writes. */
interface ParameterObject {
  in: string;
  required?: boolean;
  example?: unknown;
  description?: string;
  schema?: unknown;
}

/**
 * Swagger UI's "Try it out" copies a parameter's `example` into its input, so an optional filter
 * with an example runs filtered (an empty list, no hint why). Optional query parameters therefore
 * carry no example: it moves into the description ("e.g. …"), and Execute lists what exists.
 */
export function describeOptionalFilters(document: OpenAPIObject): void {
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations as Record<string, unknown>)) {
      const parameters = (operation as { parameters?: ParameterObject[] })?.parameters ?? [];
      for (const parameter of parameters) {
        if (parameter.in !== 'query' || parameter.required) continue;
        const schema = parameter.schema as { example?: unknown } | undefined;
        const example = parameter.example ?? schema?.example;
        delete parameter.example;
        if (schema) delete schema.example;
        if (example === undefined || example === '') continue;
        const hint = `e.g. \`${typeof example === 'string' ? example : JSON.stringify(example)}\``;
        parameter.description = parameter.description
          ? `${parameter.description.replace(/\.?\s*$/, '')}; ${hint}`
          : `Optional; ${hint}`;
      }
    }
}
