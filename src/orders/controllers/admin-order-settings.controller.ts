import { ApiRequestExample } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { OrderSettingsDto, OrderSettingsUpdateDto } from '../dto/order-settings.dto.js';
import { OrderErrors } from '../orders.errors.js';
import { OrderSettingsService } from '../services/order-settings.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/** The AnqiCMS staff panel's order settings dialog. */
@ApiTag('Staff: orders')
@Admin()
@Controller('system/api/plugin/order/config')
export class AdminOrderSettingsController {
  constructor(private readonly settings: OrderSettingsService) {}

  @Get()
  @StaffPermission('orders.read')
  @ApiOperation({
    summary: 'Order settings (read-only: environment variables)',
    description: 'ORDER_AUTO_FINISH_DAYS, ORDER_AUTO_CLOSE_MINUTES, ORDER_SELLER_PERCENT.',
  })
  @ApiEnvelope(OrderSettingsDto)
  read() {
    return this.settings.read();
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Save order settings: refused for a change, naming the environment variable',
  })
  @ApiEnvelope(OrderSettingsDto, { errors: [OrderErrors.settingsFromEnvironment] })
  @ApiRequestExample(OrderSettingsUpdateDto, 'The defaults, unchanged', {
    auto_finish_day: 10,
    auto_close_minute: 30,
    seller_percent: 80,
  })
  save(@Body() body: OrderSettingsUpdateDto) {
    return this.settings.update(body);
  }
}
