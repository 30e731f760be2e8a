import { errorEntry } from '../common/errors/app-error.js';
import { GatewayRefundStatus } from './entities/gateway-refund.entity.js';
import {
  GATEWAY_REFUND_MACHINE,
  GatewayRefundAction,
  gatewayRefundFrom,
  gatewayRefundStatusName,
} from './gateway-refund-status.js';

/** Error catalogue of the payments module (payment errors older than it are in OrderErrors). */
export const PaymentErrors = {
  tooManyReturns: errorEntry(
    'PAYMENT.TOO_MANY_RETURNS',
    () => 'Too many requests to the payment return page; wait a minute and reload',
    { httpStatus: 429 },
  ),
  refundNotFound: errorEntry(
    'PAYMENT.REFUND_NOT_FOUND',
    (outRefundNo: string) => `Gateway refund ${outRefundNo} not found`,
  ),
  refundInvalidTransition: errorEntry(
    'PAYMENT.REFUND_INVALID_TRANSITION',
    (action: GatewayRefundAction, status: GatewayRefundStatus) => {
      const allowed = gatewayRefundFrom(action, 'staff').map(
        (s) => GATEWAY_REFUND_MACHINE.names[s],
      );
      return {
        message: `Cannot ${action.replaceAll('_', ' ')} this refund: it is ${gatewayRefundStatusName(status)}; possible only when it is ${allowed.join(' or ')}`,
        details: {
          action,
          status,
          status_name: gatewayRefundStatusName(status),
          allowed_from: allowed,
        },
      };
    },
  ),
};
