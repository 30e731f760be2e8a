import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { Page } from '../../common/http/envelope.js';
import { pageAndTotal, pageWindow, PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import { FinanceListQueryDto } from '../dto/balance.request.dto.js';
import { FinanceEntryResponseDto } from '../dto/ledger.response.dto.js';
import { UserBalanceService } from '../../users/services/user-balance.service.js';
import {
  BalanceAdjustmentResponseDto,
  LedgerEntryResponseDto,
} from '../dto/ledger.response.dto.js';
import { BalanceLedgerEntry } from '../entities/balance-ledger.entity.js';
import { LedgerKind } from '../ledger-kind.js';
import { toFinanceEntryResponse, toLedgerEntryResponse } from '../wallet.mapper.js';
import { WalletErrors } from '../wallet.errors.js';

export interface LedgerReference {
  kind: LedgerKind;
  /** Idempotency reference: the same (user, kind, ref) can be booked only once. '' = none. */
  ref?: string;
  orderId?: string;
  note?: string;
  adminId?: number;
  /** Also add the amount to users.total_reward (commissions). */
  countsAsReward?: boolean;
}

/**
 * Customer balances with a ledger: every change is one conditional UPDATE of users.balance
 * (through UsersModule's UserBalanceService) plus one balance_ledger row, in the caller's
 * transaction. Balances never go below zero; a referenced movement is never booked twice.
 */
@Injectable()
export class WalletService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly balances: UserBalanceService,
    @InjectRepository(BalanceLedgerEntry)
    private readonly ledger: Repository<BalanceLedgerEntry>,
    private readonly audit: AuditService,
    private readonly directory: UserDirectoryService,
  ) {}

  /** Takes `amount` fen from the user's balance; WALLET.INSUFFICIENT_BALANCE if it is not there. */
  async debit(
    manager: EntityManager,
    userId: number,
    amount: number,
    reference: LedgerReference,
  ): Promise<BalanceLedgerEntry> {
    this.assertAmount(amount);
    return this.book(manager, userId, -amount, reference);
  }

  async credit(
    manager: EntityManager,
    userId: number,
    amount: number,
    reference: LedgerReference,
  ): Promise<BalanceLedgerEntry> {
    this.assertAmount(amount);
    return this.book(manager, userId, amount, reference);
  }

  /** Staff correction of a balance (signed fen) with a reason, in its own transaction. */
  async adjustByAdmin(
    adminId: number,
    userId: number,
    amount: number,
    reason: string,
  ): Promise<BalanceAdjustmentResponseDto> {
    if (!Number.isSafeInteger(amount) || amount === 0) throw WalletErrors.invalidAmount();
    const entry = await this.dataSource.transaction(async (manager) => {
      const booked = await this.book(manager, userId, amount, {
        kind: 'admin_adjust',
        note: reason,
        adminId,
      });
      await this.audit.record(manager, {
        action: 'balance.adjust',
        entityType: 'balance',
        entityId: userId,
        details: { amount, balance_after: booked.balanceAfter, reason, ledger_id: booked.id },
      });
      return booked;
    });
    return { user_id: userId, balance: entry.balanceAfter, entry: toLedgerEntryResponse(entry) };
  }

  /**
   * The panel's finance page: every customer's movements, newest first, with user names. Two
   * statements (the page with its total, the page's user names) whatever the page size.
   */
  async financeList(query: FinanceListQueryDto): Promise<Page<FinanceEntryResponseDto>> {
    const qb = this.ledger.createQueryBuilder('l').orderBy('l.id', 'DESC');
    if (query.user_id) qb.where('l.user_id = :userId', { userId: query.user_id });
    const [rows, total] = await pageAndTotal(qb, pageWindow(query));
    const users = await this.directory.usersByIds(rows.map((row) => row.userId));
    return new Page(
      rows.map((row) => toFinanceEntryResponse(row, users.get(row.userId)?.user_name ?? '')),
      total,
    );
  }

  async listForUser(userId: number, query: PageQueryDto): Promise<Page<LedgerEntryResponseDto>> {
    return this.list(query, userId);
  }

  async list(query: PageQueryDto, userId?: number): Promise<Page<LedgerEntryResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const where = userId === undefined ? {} : { userId };
    const [rows, total] = await this.ledger.findAndCount({
      where,
      order: { id: 'DESC' },
      take: limit,
      skip: offset,
    });
    return new Page(rows.map(toLedgerEntryResponse), total);
  }

  private async book(
    manager: EntityManager,
    userId: number,
    delta: number,
    reference: LedgerReference,
  ): Promise<BalanceLedgerEntry> {
    const changed = await this.balances.change(
      manager,
      userId,
      delta,
      reference.countsAsReward ? delta : 0,
    );
    if (!changed) {
      const balance = await this.balances.balanceOf(manager, userId);
      if (balance === null) throw WalletErrors.userNotFound();
      throw WalletErrors.insufficientBalance(-delta, balance);
    }
    // A repeated reference violates uq_balance_ledger_user_kind_ref and rolls the UPDATE back too.
    return manager.getRepository(BalanceLedgerEntry).save(
      manager.getRepository(BalanceLedgerEntry).create({
        userId,
        amount: delta,
        balanceAfter: changed.balance,
        kind: reference.kind,
        ref: reference.ref ?? '',
        orderId: reference.orderId ?? '',
        note: reference.note ?? '',
        adminId: reference.adminId ?? 0,
      }),
    );
  }

  private assertAmount(amount: number): void {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw WalletErrors.invalidAmount();
  }
}
