import { EnvelopeCode } from '../errors/app-error.js';

/** The AnqiCMS response body: `{code, msg, data}`, plus `total` on lists. */
export interface Envelope<T = unknown> {
  code: EnvelopeCode;
  msg: string;
  data: T;
  total?: number;
  /**
   * Lists that count with a cap (staff lists over large tables): true when `total` is the cap
   * and more rows match. `total` stays an integer, so AnqiCMS paging keeps working.
   */
  total_capped?: boolean;
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
    /** Set by lists that count up to a cap: whether `total` stopped at it. */
    readonly totalCapped?: boolean,
  ) {}
}

/** Return this to send a custom success `msg` with the data (AnqiCMS sends e.g. "定制订单创建成功"). */
export class WithMessage<T> {
  constructor(
    readonly data: T,
    readonly msg: string,
  ) {}
}

/** AnqiCMS's English `msg` of a save (`SaveSuccessfully`), which its panel shows as a toast. */
export const SAVED_MSG = 'Save successfully';
/** AnqiCMS's English `msg` of a delete (`DeleteSuccessful`). */
export const DELETED_MSG = 'Delete successful';
