import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { AdminWalletController } from './controllers/admin-wallet.controller.js';
import { PanelWalletController } from './controllers/panel-wallet.controller.js';
import { WalletController } from './controllers/wallet.controller.js';
import { BalanceLedgerEntry } from './entities/balance-ledger.entity.js';
import { WalletService } from './services/wallet.service.js';

/** Customer balances and their ledger (docs/orders.md, "Money"). */
@Module({
  imports: [TypeOrmModule.forFeature([BalanceLedgerEntry]), UsersModule],
  controllers: [WalletController, AdminWalletController, PanelWalletController],
  providers: [WalletService],
  exports: [WalletService],
})
export class WalletModule {}
