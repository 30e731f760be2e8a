import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

export const HTML_PAGES_KEY = 'html-pages';

/**
 * A controller of web pages for people (src/staff-inbox), not of the API: it answers HTML and
 * redirects instead of envelopes, and stays out of Swagger. The route catalogue marks its routes
 * (`page`), so the tests that walk every route check them as pages.
 */
export const HtmlPages = () =>
  applyDecorators(SetMetadata(HTML_PAGES_KEY, true), ApiExcludeController());

/**
 * The catalogued reason of a refused page request (`AUTH.NOT_LOGGED_IN`, `AUTH.NOT_ALLOWED`,
 * ...): a page shows it in words, this header says it to scripts and tests.
 */
export const REFUSAL_HEADER = 'x-refusal';
