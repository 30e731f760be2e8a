import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, CurrentAdmin, StaffPermission } from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { AdjustBalanceRequestDto, AdminLedgerQueryDto } from '../dto/balance.request.dto.js';
import {
  BalanceAdjustmentResponseDto,
  LedgerEntryResponseDto,
} from '../dto/ledger.response.dto.js';
import { WalletService } from '../services/wallet.service.js';
import { WalletErrors } from '../wallet.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Staff: wallet')
@Admin()
@Controller('system/api/user/balance')
export class AdminWalletController {
  constructor(private readonly wallet: WalletService) {}

  @Post()
  @HttpCode(200)
  @StaffPermission('balance.adjust')
  @ApiOperation({
    summary: "Adjust a customer's balance",
    description:
      'Signed fen: positive credits, negative debits (never below zero). Writes a ledger entry with the reason and the staff id.',
  })
  @ApiEnvelope(BalanceAdjustmentResponseDto, {
    errors: [
      WalletErrors.userNotFound,
      WalletErrors.insufficientBalance,
      WalletErrors.invalidAmount,
    ],
  })
  adjust(@CurrentAdmin() admin: AdminPrincipal, @Body() body: AdjustBalanceRequestDto) {
    return this.wallet.adjustByAdmin(admin.id, body.user_id, body.amount, body.reason);
  }

  @Get('logs')
  @StaffPermission('balance.read')
  @ApiOperation({ summary: 'Balance movements of every customer, or of one (user_id)' })
  @ApiPageEnvelope(LedgerEntryResponseDto)
  logs(@Query() query: AdminLedgerQueryDto) {
    return this.wallet.list(query, query.user_id);
  }
}
