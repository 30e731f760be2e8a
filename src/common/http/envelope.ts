import { EnvelopeCode } from '../errors/app-error.js';

/** The AnqiCMS response body: `{code, msg, data}`, plus `total` on lists. */
export interface Envelope<T = unknown> {
  code: EnvelopeCode;
  msg: string;
  data: T;
  total?: number;
  /** Catalogued error reason (`MODULE.REASON`) on errors. */
  error?: string;
  details?: Record<string, unknown>;
  request_id?: string;
}

/** Return this from a handler to send a list: `data` = items, plus top-level `total`. */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly total: number,
  ) {}
}

/** Return this to send a custom success `msg` with the data (AnqiCMS sends e.g. "定制订单创建成功"). */
export class WithMessage<T> {
  constructor(
    readonly data: T,
    readonly msg: string,
  ) {}
}
