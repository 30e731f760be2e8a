import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTOR_ROLES } from '../common/state-machine/actor.js';
import { allowedActions, nextStatuses } from '../common/state-machine/state-machine.js';
import { GatewayRefundStatus as S } from './entities/gateway-refund.entity.js';
import {
  GATEWAY_REFUND_MACHINE,
  gatewayRefundFrom,
  gatewayRefundTransitionTable,
} from './gateway-refund-status.js';

describe('gateway refund status table', () => {
  it('covers the statuses of chk_gateway_refunds_status', () => {
    expect([...GATEWAY_REFUND_MACHINE.statuses].sort()).toEqual([-1, 0, 1, 2, 3]);
  });

  it('the server moves pending and processing refunds; succeeded and refunded by hand are final', () => {
    expect(nextStatuses(GATEWAY_REFUND_MACHINE)).toEqual({
      [S.Pending]: [S.Processing, S.Succeeded, S.Failed],
      [S.Processing]: [S.Processing, S.Succeeded, S.Failed],
      [S.Succeeded]: [],
      [S.Failed]: [S.Pending, S.RefundedByHand],
      [S.RefundedByHand]: [],
    });
    for (const action of ['attempt', 'accept', 'succeed', 'fail'] as const)
      expect(gatewayRefundFrom(action)).toEqual([S.Pending, S.Processing]);
  });

  it('staff act only on a failed refund (retry or refunded by hand); customers never', () => {
    for (const role of ACTOR_ROLES)
      for (const status of GATEWAY_REFUND_MACHINE.statuses) {
        const allowed = allowedActions(GATEWAY_REFUND_MACHINE, status, role);
        if (role === 'staff')
          expect(allowed).toEqual(status === S.Failed ? ['retry', 'settle_by_hand'] : []);
        else if (role !== 'system') expect(allowed).toEqual([]);
      }
  });

  it('is what docs/payments.md shows', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'payments.md'), 'utf8');
    expect(doc).toContain(gatewayRefundTransitionTable());
  });
});
