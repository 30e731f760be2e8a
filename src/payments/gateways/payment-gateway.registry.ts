import { Inject, Injectable } from '@nestjs/common';
import { BUILT_IN_PAY_WAYS, PAYMENT_GATEWAYS } from './payment-gateway.js';
import type { GatewayName, PaymentGateway } from './payment-gateway.js';

/** The gateways this build knows, by name and by pay_way. */
@Injectable()
export class PaymentGatewayRegistry {
  private readonly byPayWay = new Map<string, PaymentGateway>();
  private readonly byName = new Map<string, PaymentGateway>();

  constructor(@Inject(PAYMENT_GATEWAYS) gateways: PaymentGateway[]) {
    for (const gateway of gateways) {
      this.byName.set(gateway.name, gateway);
      for (const payWay of gateway.payWays) this.byPayWay.set(payWay, gateway);
    }
  }

  forPayWay(payWay: string): PaymentGateway | undefined {
    return this.byPayWay.get(payWay);
  }

  byGateway(name: string): PaymentGateway | undefined {
    return this.byName.get(name);
  }

  all(): PaymentGateway[] {
    return [...this.byName.values()];
  }

  /** Every pay_way this build knows (whether configured or not). */
  payWays(): string[] {
    return [...BUILT_IN_PAY_WAYS, ...this.byPayWay.keys()];
  }

  names(): GatewayName[] {
    return [...this.byName.keys()] as GatewayName[];
  }
}
