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

/** The `default` (error) response description ApiEnvelope documents for these options. */
function errorsDoc(options: Parameters<typeof ApiEnvelope>[1]): string {
  class Probe {
    handler() {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Probe.prototype, 'handler')!;
  ApiEnvelope('null', options)(Probe.prototype, 'handler', descriptor);
  const responses = Reflect.getMetadata(API_RESPONSE, descriptor.value) as Record<
    string,
    { description: string }
  >;
  return responses.default.description;
}

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
