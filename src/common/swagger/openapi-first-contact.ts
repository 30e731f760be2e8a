import type { Type } from '@nestjs/common';
import { ApiBody, ApiExtension } from '@nestjs/swagger';
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

/** The OpenAPI extension naming what a newcomer must change before executing a route's example. */
export const EXAMPLE_NEEDS = 'x-example-needs';

/**
 * A route whose example cannot succeed unchanged against the demo data (it names an order number
 * the demo has not made, or would destroy demo data, or needs a server we cannot assume): says
 * what to change first. Every other route's example runs as-is (swagger-examples e2e test).
 */
export const ApiExampleNeeds = (change: string) => ApiExtension(EXAMPLE_NEEDS, change);

/** Shows each route's `x-example-needs` at the end of its description, where Try it out is. */
export function describeExampleNeeds(document: OpenAPIObject): void {
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations as Record<string, unknown>)) {
      const op = operation as { description?: string; [EXAMPLE_NEEDS]?: string } | undefined;
      const change = op?.[EXAMPLE_NEEDS];
      if (!op || !change) continue;
      const note = `**Before you execute:** ${change}`;
      op.description = op.description ? `${op.description}\n\n${note}` : note;
    }
}

/**
 * The body Try it out pre-fills, when the one sampled from the DTO's property examples would not
 * run as-is (a create-or-update form whose sample carries an id, or fields that exclude each other).
 */
export const ApiRequestExample = (type: Type<unknown>, summary: string, value: object) =>
  ApiBody({ type, examples: { example: { summary, value } } });
