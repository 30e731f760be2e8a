import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { WithMessage } from '../../common/http/envelope.js';
import { OrderSettingsDto, OrderSettingsUpdateDto } from '../dto/order-settings.dto.js';
import { OrderErrors } from '../orders.errors.js';

/** Where each AnqiCMS order setting lives here; `null` = the feature does not exist. */
const SOURCES: Record<keyof OrderSettingsDto, string | null> = {
  auto_finish_day: 'ORDER_AUTO_FINISH_DAYS',
  auto_close_minute: 'ORDER_AUTO_CLOSE_MINUTES',
  seller_percent: 'ORDER_SELLER_PERCENT',
  refund_window_day: 'ORDER_REFUND_WINDOW_DAYS',
  no_process: null,
  no_need_login: null,
};

/**
 * AnqiCMS's order settings page (`/system/api/plugin/order/config`). Here they are environment
 * variables, read once at start so every instance agrees: the page shows them, and saving a
 * change answers -1 naming the variable to set (saving unchanged values is fine).
 */
@Injectable()
export class OrderSettingsService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  read(): OrderSettingsDto {
    return {
      no_process: false,
      auto_finish_day: this.config.orderAutoFinishDays,
      auto_close_minute: this.config.orderAutoCloseMinutes,
      seller_percent: this.config.orderSellerPercent,
      refund_window_day: this.config.orderRefundWindowDays,
      no_need_login: false,
    };
  }

  update(input: OrderSettingsUpdateDto): WithMessage<OrderSettingsDto> {
    const current = this.read();
    const changed = (Object.keys(SOURCES) as (keyof OrderSettingsDto)[]).filter(
      (key) => input[key] !== undefined && input[key] !== null && input[key] !== current[key],
    );
    if (changed.length)
      throw OrderErrors.settingsFromEnvironment(
        changed.map((key) => ({ field: key, variable: SOURCES[key] })),
      );
    return new WithMessage(current, 'Nothing changed');
  }
}
