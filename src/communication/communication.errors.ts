import { errorEntry } from '../common/errors/app-error.js';
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
  expire: 'expire the quote',
  send_message: 'send messages',
  update: 'update the request',
  images: 'add images',
};

/** Error catalogue of the communication module. */
export const CommErrors = {
  /** Unknown id and someone else's id answer exactly alike. */
  notFound: errorEntry('COMM.NOT_FOUND', () => 'Communication order not found'),

  invalidTransition: errorEntry(
    'COMM.INVALID_TRANSITION',
    (action: CommTransitionAction | CommActivity, status: CommOrderStatus, role: ActorRole) => {
      const allowedIn = statusesAllowing(action, role);
      const where = allowedIn.length
        ? `; this is possible only when ${allowedIn.map((s) => COMM_ORDER_STATUS_NAMES[s]).join(' or ')}`
        : '';
      return {
        message: `Cannot ${ACTION_WORDS[action]}: the request is ${statusLabel(status)}${where}`,
        details: { status, action, allowed_actions: allowedActions(status, role) },
      };
    },
  ),

  concurrentChange: errorEntry(
    'COMM.CONCURRENT_CHANGE',
    () => 'The request was changed by someone else at the same time; reload it and try again',
  ),
  versionConflict: errorEntry('COMM.VERSION_CONFLICT', (current: number) => ({
    message: `The request has changed since you loaded it (now version ${current}); reload it and try again`,
    details: { version: current },
  })),

  invalidQuotePrice: errorEntry('COMM.INVALID_QUOTE_PRICE', (reason: string) => reason),
  validUntilPassed: errorEntry(
    'COMM.INVALID_VALID_UNTIL',
    () => 'valid_until must be a unix time in the future',
  ),
  quoteStale: errorEntry('COMM.QUOTE_STALE', (given: number, current: number) => ({
    message: `The quote you accepted (version ${given}) has been replaced by version ${current}; review the new quote`,
    details: { quote_version: current },
  })),
  quoteExpired: errorEntry(
    'COMM.QUOTE_EXPIRED',
    () => 'The quote has expired; ask the shop for a new quote',
  ),

  noQuotedRequest: errorEntry(
    'COMM.NO_QUOTED_REQUEST',
    (goodsId: number) =>
      `You have no quoted communication order for product ${goodsId}; pass its id`,
  ),
  ambiguousRequest: errorEntry('COMM.AMBIGUOUS_REQUEST', (goodsId: number, ids: number[]) => ({
    message: `You have several quoted communication orders for product ${goodsId} (${ids.join(', ')}); pass the id of the one to accept`,
    details: { ids },
  })),
  acceptNeedsTarget: errorEntry(
    'COMM.ACCEPT_TARGET_REQUIRED',
    () => 'Pass the communication order id (or goods_id of its product)',
  ),
  acceptBodyMismatch: errorEntry('COMM.ACCEPT_BODY_MISMATCH', (why: string) => why),

  messageTypeNotAllowed: errorEntry(
    'COMM.MESSAGE_TYPE_NOT_ALLOWED',
    (type: string) =>
      `message_type "${type}" cannot be sent here` +
      (type === 'quote' ? '; staff send quotes with order/quote' : ''),
  ),
  badImageUrl: errorEntry(
    'COMM.INVALID_IMAGE_URL',
    () => 'An image message must contain an image URL (http(s)://... or /uploads/...)',
  ),
};
