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
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Errors that belong to no module: request shape, auth, generic not-found. */
export const CommonErrors = {
  validation: (messages: string[]) =>
    new AppError('COMMON.VALIDATION', messages.join('; '), EnvelopeCode.Error, {
      fields: messages,
    }),
  notLoggedIn: (why = 'Not logged in, or the login has expired') =>
    new AppError('AUTH.NOT_LOGGED_IN', why, EnvelopeCode.NotLoggedIn),
  notAllowed: (why = 'Not allowed to do this') =>
    new AppError('AUTH.NOT_ALLOWED', why, EnvelopeCode.NotAllowed),
  notFound: (what: string) => new AppError('COMMON.NOT_FOUND', `${what} not found`),
  conflict: (message: string) => new AppError('COMMON.CONFLICT', message),
};
