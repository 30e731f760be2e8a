import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentCustomer, CustomerOnly } from '../../common/auth/access.decorators.js';
import type { CustomerPrincipal } from '../../common/auth/principal.js';
import { ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { LedgerQueryDto } from '../dto/balance.request.dto.js';
import { LedgerEntryResponseDto } from '../dto/ledger.response.dto.js';
import { WalletService } from '../services/wallet.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Wallet')
@CustomerOnly()
@Controller('api/user/balance')
export class WalletController {
  constructor(private readonly wallet: WalletService) {}

  @Get('logs')
  @ApiOperation({ summary: 'Own balance movements, newest first' })
  @ApiPageEnvelope(LedgerEntryResponseDto)
  logs(@CurrentCustomer() me: CustomerPrincipal, @Query() query: LedgerQueryDto) {
    return this.wallet.listForUser(me.id, query);
  }
}
