import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { SAVED_MSG, WithMessage } from '../../common/http/envelope.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import { ApiExampleNeeds, ApiRequestExample } from '../../common/swagger/openapi-first-contact.js';
import { IdQueryDto } from '../../common/validation/id-query.dto.js';
import {
  CustomerFieldsResponseDto,
  CustomerIdBodyDto,
  CustomerListQueryDto,
  SaveCustomerRequestDto,
  StaffCustomerResponseDto,
} from '../dto/customer-admin.dto.js';
import { CustomerAdminService } from '../services/customer-admin.service.js';
import { GroupErrors, UserErrors } from '../users.errors.js';

/**
 * The staff panel's customers page at AnqiCMS's paths (`src/services/plugin/user.ts`). Balance
 * changes are `POST plugin/user/balance` (wallet module), groups `plugin/user/group/*`.
 */
@ApiTag('Staff: customers')
@Admin()
@Controller('system/api/plugin/user')
export class AdminCustomerController {
  constructor(private readonly customers: CustomerAdminService) {}

  @Get('list')
  @StaffPermission('customers.read')
  @ApiOperation({
    summary: 'Customers, newest first',
    description:
      'Filters as the panel’s search form sends them: id, user_name, real_name (realName), phone, email (contains), q, group_id (0 = all), status (1 | -1 | 0, or normal | blocked | pending). Paging current + pageSize.',
  })
  @ApiPageEnvelope(StaffCustomerResponseDto)
  list(@Query() query: CustomerListQueryDto) {
    return this.customers.list(query);
  }

  @Get('fields')
  @StaffPermission('customers.read')
  @ApiOperation({
    summary: 'Custom fields of customer accounts: none (`{fields: []}`)',
    description: 'Defining custom fields (`POST plugin/user/fields`) is not supported.',
  })
  @ApiEnvelope(CustomerFieldsResponseDto)
  fields() {
    return { fields: [] };
  }

  @Get('detail')
  @StaffPermission('customers.read')
  @ApiOperation({ summary: 'One customer, as the edit dialog reads it' })
  @ApiEnvelope(StaffCustomerResponseDto, { errors: [UserErrors.notFound] })
  detail(@Query() query: IdQueryDto) {
    return this.customers.detail(query.id);
  }

  @Post('detail')
  @HttpCode(200)
  @StaffPermission('customers.manage')
  @ApiOperation({
    summary: 'Edit a customer: real name, email, phone, group, group expiry, status, password',
    description:
      'The panel posts the whole detail object; other fields (balance, user_name, invite_code, parent_id, extra, ...) are ignored: the balance changes only through `plugin/user/balance` and the ledger. Status 0 or -1 disables the account and ends its sessions. No `id` (creating a customer) is refused: customers sign up themselves. Answers `msg` "Save successfully".',
  })
  @ApiEnvelope(StaffCustomerResponseDto, {
    errors: [
      UserErrors.notFound,
      UserErrors.emailTaken,
      UserErrors.phoneTaken,
      GroupErrors.notFound,
      CommonErrors.validation,
    ],
  })
  @ApiRequestExample(SaveCustomerRequestDto, 'Put a demo customer in no group, active', {
    id: 1,
    real_name: 'Demo seller',
    group_id: 0,
    status: 1,
  })
  async save(@Body() body: SaveCustomerRequestDto) {
    return new WithMessage(await this.customers.save(body), SAVED_MSG);
  }

  @ApiExampleNeeds(
    'put the id of a customer to disable; the demo customers (ids 1 and 2) then can no longer log in.',
  )
  @Post('delete')
  @HttpCode(200)
  @StaffPermission('customers.manage')
  @ApiOperation({
    summary: 'AnqiCMS’s delete: disables the customer (never erased)',
    description:
      'The account can no longer log in and its sessions end; orders, ledger and threads keep it. Re-enable with `plugin/user/detail` status 1. Answers `msg` "Account disabled".',
  })
  @ApiEnvelope('null', { errors: [UserErrors.notFound] })
  async delete(@Body() body: CustomerIdBodyDto) {
    return new WithMessage(await this.customers.disable(body.id), 'Account disabled');
  }
}
