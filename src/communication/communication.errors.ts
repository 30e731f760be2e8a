import { AppError } from '../common/errors/app-error.js';
import type { ActorRole } from '../common/state-machine/actor.js';
import {
  allowedActions,
  COMM_ORDER_STATUS_NAMES,
  CommActivity,
  CommOrderStatus,
  CommTransitionAction,
  statusesAllowing,
  statusLabel,
} from './comm-order-status.js';

const ACTION_WORDS: Record<CommTransitionAction | CommActivity, string> = {
  reply: 'reply',
  quote: 'quote',
  accept: 'accept the quote',
  reject: 'reject the quote',
  cancel: 'cancel',
  send_message: 'send messages',
  update: 'update the request',
  images: 'add images',
};

/** Error catalogue of the communication module. */
export const CommErrors = {
  /** Unknown id and someone else's id answer exactly alike. */
  notFound: () => new AppError('COMM.NOT_FOUND', 'Communication order not found'),

  invalidTransition: (
    action: CommTransitionAction | CommActivity,
    status: CommOrderStatus,
    role: ActorRole,
  ) => {
    const allowedIn = statusesAllowing(action, role);
    const where = allowedIn.length
      ? `; this is possible only when ${allowedIn.map((s) => COMM_ORDER_STATUS_NAMES[s]).join(' or ')}`
      : '';
    return new AppError(
      'COMM.INVALID_TRANSITION',
      `Cannot ${ACTION_WORDS[action]}: the request is ${statusLabel(status)}${where}`,
      undefined,
      { status, action, allowed_actions: allowedActions(status, role) },
    );
  },

  concurrentChange: () =>
    new AppError(
      'COMM.CONCURRENT_CHANGE',
      'The request was changed by someone else at the same time; reload it and try again',
    ),
  versionConflict: (current: number) =>
    new AppError(
      'COMM.VERSION_CONFLICT',
      `The request has changed since you loaded it (now version ${current}); reload it and try again`,
      undefined,
      { version: current },
    ),

  invalidQuotePrice: (reason: string) => new AppError('COMM.INVALID_QUOTE_PRICE', reason),
  validUntilPassed: () =>
    new AppError('COMM.INVALID_VALID_UNTIL', 'valid_until must be a unix time in the future'),
  quoteStale: (given: number, current: number) =>
    new AppError(
      'COMM.QUOTE_STALE',
      `The quote you accepted (version ${given}) has been replaced by version ${current}; review the new quote`,
      undefined,
      { quote_version: current },
    ),
  quoteExpired: () =>
    new AppError('COMM.QUOTE_EXPIRED', 'The quote has expired; ask the shop for a new quote'),

  noQuotedRequest: (goodsId: number) =>
    new AppError(
      'COMM.NO_QUOTED_REQUEST',
      `You have no quoted communication order for product ${goodsId}; pass its id`,
    ),
  ambiguousRequest: (goodsId: number, ids: number[]) =>
    new AppError(
      'COMM.AMBIGUOUS_REQUEST',
      `You have several quoted communication orders for product ${goodsId} (${ids.join(', ')}); pass the id of the one to accept`,
      undefined,
      { ids },
    ),
  acceptNeedsTarget: () =>
    new AppError(
      'COMM.ACCEPT_TARGET_REQUIRED',
      'Pass the communication order id (or goods_id of its product)',
    ),
  acceptBodyMismatch: (why: string) => new AppError('COMM.ACCEPT_BODY_MISMATCH', why),

  messageTypeNotAllowed: (type: string) =>
    new AppError(
      'COMM.MESSAGE_TYPE_NOT_ALLOWED',
      `message_type "${type}" cannot be sent here` +
        (type === 'quote' ? '; staff send quotes with order/quote' : ''),
    ),
  badImageUrl: () =>
    new AppError(
      'COMM.INVALID_IMAGE_URL',
      'An image message must contain an image URL (http(s)://... or /uploads/...)',
    ),
};
