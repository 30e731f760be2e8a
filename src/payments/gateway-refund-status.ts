/**
 * The status machine of a gateway refund (gateway_refunds.status). A row is written pending in
 * the transaction that decides the refund; the server moves it afterwards (the refund job and the
 * gateway's refund notifications), and staff act on a failed one (send it again, or say they
 * refunded it by hand). docs/payments.md shows the table (a unit test checks it).
 */
import {
  renderMarkdown,
  StateMachine,
  statusesAllowing,
} from '../common/state-machine/state-machine.js';
import type { ActorRole } from '../common/state-machine/actor.js';
import { GatewayRefundStatus } from './entities/gateway-refund.entity.js';

export type GatewayRefundAction =
  'attempt' | 'accept' | 'succeed' | 'fail' | 'retry' | 'settle_by_hand';

const S = GatewayRefundStatus;
const OPEN = [S.Pending, S.Processing];

export const GATEWAY_REFUND_MACHINE: StateMachine<GatewayRefundStatus, GatewayRefundAction> = {
  statuses: [S.Pending, S.Processing, S.Succeeded, S.Failed, S.RefundedByHand],
  names: {
    [S.Pending]: 'pending',
    [S.Processing]: 'processing',
    [S.Succeeded]: 'succeeded',
    [S.Failed]: 'failed',
    [S.RefundedByHand]: 'refunded_by_hand',
  },
  actions: {
    attempt: {
      to: 'same',
      from: { system: OPEN },
      description:
        'The refund job sends it (again); a failed call (timeout, 5xx) notes last_error and is retried with backoff',
    },
    accept: {
      to: S.Processing,
      from: { system: OPEN },
      description: 'The gateway accepted it and confirms later (notification or next attempt)',
    },
    succeed: {
      to: S.Succeeded,
      from: { system: OPEN },
      description: 'The gateway says the money went back (its answer or a refund notification)',
    },
    fail: {
      to: S.Failed,
      from: { system: OPEN },
      description:
        'Refused for good (a 4xx refusal such as WeChat NOT_ENOUGH, Alipay 40004, Stripe/PayPal 4xx), or still failing after the attempt cap: payment.failed, staff act',
    },
    retry: {
      to: S.Pending,
      from: { staff: [S.Failed] },
      description:
        'Staff send a failed refund again (after fixing its cause): its attempts start over',
    },
    settle_by_hand: {
      to: S.RefundedByHand,
      from: { staff: [S.Failed] },
      description:
        'Staff returned the money outside the gateway (bank transfer, cash) and record it: payment.refunded',
    },
  },
};

/**
 * The statuses `role` (the server by default) may move a refund from with `action` (the
 * conditional UPDATEs' guard).
 */
export function gatewayRefundFrom(
  action: GatewayRefundAction,
  role: ActorRole = 'system',
): GatewayRefundStatus[] {
  return statusesAllowing(GATEWAY_REFUND_MACHINE, action, role);
}

/** A status's name (`failed`), or the number as text for a value outside the table. */
export const gatewayRefundStatusName = (status: GatewayRefundStatus): string =>
  GATEWAY_REFUND_MACHINE.names[status] ?? String(status);

/** Status names staff may filter the refund list by. */
export const GATEWAY_REFUND_STATUS_NAMES = GATEWAY_REFUND_MACHINE.statuses.map(
  (status) => GATEWAY_REFUND_MACHINE.names[status],
);

/** The gateway refund table as Markdown (docs/payments.md). */
export function gatewayRefundTransitionTable(): string {
  return renderMarkdown(GATEWAY_REFUND_MACHINE, { by: 'action' });
}
