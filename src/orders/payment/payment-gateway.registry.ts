import { Inject, Injectable } from '@nestjs/common';
import { BUILT_IN_PAY_WAYS, PAYMENT_GATEWAYS } from './payment-gateway.js';
import type { PaymentGateway } from './payment-gateway.js';

/** The registered gateways, by pay_way. */
@Injectable()
export class PaymentGatewayRegistry {
  private readonly byPayWay: Map<string, PaymentGateway>;

  constructor(@Inject(PAYMENT_GATEWAYS) gateways: PaymentGateway[]) {
    this.byPayWay = new Map(gateways.map((gateway) => [gateway.payWay, gateway]));
  }

  find(payWay: string): PaymentGateway | undefined {
    return this.byPayWay.get(payWay);
  }

  /** Every pay_way a buyer may use now. */
  payWays(): string[] {
    return [...BUILT_IN_PAY_WAYS, ...this.byPayWay.keys()];
  }
}
