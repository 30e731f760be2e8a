/**
 * AnqiCMS envelope codes. HTTP status stays 200 for all of them; clients read `code`.
 */
export enum EnvelopeCode {
  Ok = 0,
  Error = -1,
  NotLoggedIn = 1001,
  NotAllowed = 1002,
}

/**
 * The one error type services throw. `reason` is the catalogued `MODULE.REASON` string
 * (e.g. `ORDER.INVALID_TRANSITION`), rides along in the envelope as `error`, and is what
 * clients and tests may branch on; `message` is the human-readable `msg`.
 */
export class AppError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly envelopeCode: EnvelopeCode = EnvelopeCode.Error,
    /** Extra machine-readable context (e.g. the current status); sent as `details`. */
    readonly details?: Record<string, unknown>,
    /** 200 for every envelope route; a raw route (an uploaded file) may answer e.g. 404. */
    readonly httpStatus = 200,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A catalogued reason: `MODULE.REASON` in capitals, e.g. `ORDER.NOT_FOUND`. */
export type ReasonCode = `${Uppercase<string>}.${Uppercase<string>}`;

/**
 * One entry of an error catalogue: call it to build its AppError (`OrderErrors.notFound()`), or
 * read `reason` (a literal type) where the reason is named without an error, e.g. in the Swagger
 * docs, so a renamed or removed entry fails to compile there.
 */
export type ErrorEntry<R extends ReasonCode = ReasonCode, A extends unknown[] = never> = ((
  ...args: A
) => AppError) & { readonly reason: R };

/** What an entry says besides its reason: the `msg`, and maybe `details`. */
export type ErrorText = string | { message: string; details?: Record<string, unknown> };

/**
 * Declares a catalogue entry: the reason is written once, here, and every error the entry
 * builds carries it. `text` turns the entry's arguments into the `msg` (and `details`).
 */
export function errorEntry<const R extends ReasonCode, A extends unknown[]>(
  reason: R,
  text: (...args: A) => ErrorText,
  options: { envelopeCode?: EnvelopeCode; httpStatus?: number } = {},
): ErrorEntry<R, A> {
  const build = (...args: A): AppError => {
    const said = text(...args);
    const { message, details } = typeof said === 'object' ? said : { message: said };
    return new AppError(reason, message, options.envelopeCode, details, options.httpStatus);
  };
  return Object.assign(build, { reason });
}

/** Errors that belong to no module: request shape, auth, generic not-found. */
export const CommonErrors = {
  validation: errorEntry('COMMON.VALIDATION', (messages: string[]) => ({
    message: messages.join('; '),
    details: { fields: messages },
  })),
  notLoggedIn: errorEntry(
    'AUTH.NOT_LOGGED_IN',
    (why?: string) => why ?? 'Not logged in, or the login has expired',
    { envelopeCode: EnvelopeCode.NotLoggedIn },
  ),
  notAllowed: errorEntry('AUTH.NOT_ALLOWED', (why?: string) => why ?? 'Not allowed to do this', {
    envelopeCode: EnvelopeCode.NotAllowed,
  }),
  notFound: errorEntry('COMMON.NOT_FOUND', (what: string) => `${what} not found`),
  conflict: errorEntry('COMMON.CONFLICT', (message: string) => message),
};
