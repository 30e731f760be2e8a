/**
 * The status machine of a gateway refund (gateway_refunds.status). A row is written pending in
 * the transaction that decides the refund; only the server moves it afterwards (the refund job
 * and the gateway's refund notifications). docs/payments.md shows the table (a unit test checks it).
 */
import {
  renderMarkdown,
  StateMachine,
  statusesAllowing,
} from '../common/state-machine/state-machine.js';
import { GatewayRefundStatus } from './entities/gateway-refund.entity.js';

export type GatewayRefundAction = 'attempt' | 'accept' | 'succeed' | 'fail';

const S = GatewayRefundStatus;
const OPEN = [S.Pending, S.Processing];

export const GATEWAY_REFUND_MACHINE: StateMachine<GatewayRefundStatus, GatewayRefundAction> = {
  statuses: [S.Pending, S.Processing, S.Succeeded, S.Failed],
  names: {
    [S.Pending]: 'pending',
    [S.Processing]: 'processing',
    [S.Succeeded]: 'succeeded',
    [S.Failed]: 'failed',
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
      description: 'Refused for good (e.g. no funds): logged as an error, staff act',
    },
  },
};

/** The statuses the server may still move a refund from (the conditional UPDATEs' guard). */
export function gatewayRefundFrom(action: GatewayRefundAction): GatewayRefundStatus[] {
  return statusesAllowing(GATEWAY_REFUND_MACHINE, action, 'system');
}

/** The gateway refund table as Markdown (docs/payments.md). */
export function gatewayRefundTransitionTable(): string {
  return renderMarkdown(GATEWAY_REFUND_MACHINE, { by: 'action' });
}
