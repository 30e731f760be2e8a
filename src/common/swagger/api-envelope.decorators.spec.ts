import 'reflect-metadata';
import { errorEntry } from '../errors/app-error.js';
import { ApiEnvelope, withNote } from './api-envelope.decorators.js';

/** Where @nestjs/swagger keeps a handler's documented responses. */
const API_RESPONSE = 'swagger/apiResponse';

const SampleErrors = {
  notFound: errorEntry('SAMPLE.NOT_FOUND', () => 'Sample not found'),
  tooMany: errorEntry('SAMPLE.TOO_MANY', (n: number) => `${n} is too many`),
};
const OtherErrors = { gone: errorEntry('OTHER.GONE', () => 'Gone') };

/** The `default` (error) response ApiEnvelope documents for these options. */
function errorResponse(options: Parameters<typeof ApiEnvelope>[1]) {
  class Probe {
    handler() {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Probe.prototype, 'handler')!;
  ApiEnvelope('null', options)(Probe.prototype, 'handler', descriptor);
  const responses = Reflect.getMetadata(API_RESPONSE, descriptor.value) as Record<
    string,
    { description: string; content: Record<string, { example: unknown }> }
  >;
  return responses.default;
}

const errorsDoc = (options: Parameters<typeof ApiEnvelope>[1]) =>
  errorResponse(options).description;
const errorExample = (options: Parameters<typeof ApiEnvelope>[1]) =>
  errorResponse(options).content['application/json'].example;

describe('ApiEnvelope errors', () => {
  const always =
    'Errors come as HTTP 200 with code -1 (msg names the problem), 1001 (not logged in) or 1002 (not allowed).';

  it('lists the reasons of the entries, notes and whole catalogues given', () => {
    expect(errorsDoc({})).toBe(always);
    expect(
      errorsDoc({
        errors: [SampleErrors.notFound, withNote(OtherErrors.gone, 'after a day'), SampleErrors],
      }),
    ).toBe(`${always} Reasons: SAMPLE.NOT_FOUND, OTHER.GONE (after a day), SAMPLE.*.`);
  });

  it('refuses a catalogue that spans modules as MODULE.*', () => {
    expect(() => errorsDoc({ errors: [{ ...SampleErrors, ...OtherErrors }] })).toThrow(
      'Not one module: SAMPLE, OTHER',
    );
  });
});

describe('ApiEnvelope error example', () => {
  it('shows the route’s own first reason, with its message when it needs no arguments', () => {
    expect(errorExample({ errors: [SampleErrors.notFound, OtherErrors.gone] })).toEqual({
      code: -1,
      msg: 'Sample not found',
      data: null,
      error: 'SAMPLE.NOT_FOUND',
    });
    expect(errorExample({ errors: [withNote(OtherErrors.gone, 'after a day')] })).toMatchObject({
      error: 'OTHER.GONE',
    });
    expect(errorExample({ errors: [SampleErrors] })).toMatchObject({ error: 'SAMPLE.NOT_FOUND' });
  });

  it('keeps a placeholder message where the entry needs arguments', () => {
    expect(errorExample({ errors: [SampleErrors.tooMany] })).toEqual({
      code: -1,
      msg: 'Says what went wrong, in words',
      data: null,
      error: 'SAMPLE.TOO_MANY',
    });
  });

  it('falls back to a validation error on a route that lists no reason', () => {
    expect(errorExample({})).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
  });
});
