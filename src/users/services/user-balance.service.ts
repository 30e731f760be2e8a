import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updateReturning } from '../../common/database/raw-sql.js';
import { UserQueries } from '../user.queries.js';

export interface BalanceChange {
  /** The balance after the change, in fen. */
  balance: number;
  totalReward: number;
}

/**
 * The only writer of users.balance and users.total_reward (the users table belongs to this
 * module). Other modules (WalletService) call it inside their transaction and keep the ledger.
 */
@Injectable()
export class UserBalanceService {
  /**
   * Adds `delta` fen (negative = debit) in one conditional UPDATE: the balance never goes below
   * zero (the WHERE clause, backed by the CHECK constraint), and concurrent changes cannot lose
   * each other. Returns null when the user does not exist or the balance is too low.
   */
  async change(
    manager: EntityManager,
    userId: number,
    delta: number,
    rewardDelta = 0,
  ): Promise<BalanceChange | null> {
    const [row] = await updateReturning<{ balance: string; total_reward: string }>(
      manager,
      UserQueries.changeBalance,
      [userId, delta, rewardDelta],
    );
    if (!row) return null;
    return { balance: Number(row.balance), totalReward: Number(row.total_reward) };
  }

  /** The current balance in fen, or null when there is no such user. */
  async balanceOf(manager: EntityManager, userId: number): Promise<number | null> {
    const rows = await manager.query<{ balance: string }[]>(UserQueries.balanceOf, [userId]);
    return rows.length ? Number(rows[0].balance) : null;
  }
}
