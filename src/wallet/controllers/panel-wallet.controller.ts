import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { Admin, CurrentAdmin, StaffPermission } from '../../common/auth/access.decorators.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { SAVED_MSG, WithMessage } from '../../common/http/envelope.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import { FinanceListQueryDto, PanelBalanceRequestDto } from '../dto/balance.request.dto.js';
import {
  BalanceAdjustmentResponseDto,
  FinanceEntryResponseDto,
} from '../dto/ledger.response.dto.js';
import { WalletService } from '../services/wallet.service.js';
import { WalletErrors } from '../wallet.errors.js';

/**
 * The balance calls of the AnqiCMS staff panel, at its paths: the customers page's "change
 * balance" dialog and the finance page's flow tab. Both go through the ledger, like
 * `POST /system/api/user/balance` and `GET /system/api/user/balance/logs`.
 */
@ApiTag('Staff: wallet')
@Admin()
@Controller('system/api/plugin')
export class PanelWalletController {
  constructor(private readonly wallet: WalletService) {}

  @Post('user/balance')
  @HttpCode(200)
  @StaffPermission('balance.adjust')
  @ApiOperation({
    summary: "Adjust a customer's balance (the panel's balance dialog)",
    description:
      '`{user_id, amount, remark}`: signed fen (positive credits, negative debits, never below zero), `remark` required and kept in the ledger with the staff id; audited. Never a raw overwrite of the balance. Answers `msg` "Save successfully".',
  })
  @ApiEnvelope(BalanceAdjustmentResponseDto, {
    errors: [
      WalletErrors.userNotFound,
      WalletErrors.insufficientBalance,
      WalletErrors.invalidAmount,
      CommonErrors.validation,
    ],
  })
  async adjust(@CurrentAdmin() admin: AdminPrincipal, @Body() body: PanelBalanceRequestDto) {
    const result = this.wallet.adjustByAdmin(admin.id, body.user_id, body.amount, body.remark);
    return new WithMessage(await result, SAVED_MSG);
  }

  @Get('finance/list')
  @StaffPermission('balance.read')
  @ApiOperation({
    summary: "Every customer's balance movements, newest first (the panel's finance page)",
    description:
      'The balance ledger in AnqiCMS’s finance shape: user_name, direction, amount, after_amount, action, order_id, created_time. Paging current + pageSize; `user_id` narrows to one customer.',
  })
  @ApiPageEnvelope(FinanceEntryResponseDto)
  finance(@Query() query: FinanceListQueryDto) {
    return this.wallet.financeList(query);
  }
}
