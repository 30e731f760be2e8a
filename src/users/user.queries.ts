import { defineQueries } from '../common/database/query-object.js';
import { SqlParams } from '../common/database/sql-params.js';

/** Customers (`users`): balance, the token check, group assignment. */
export const UserQueries = defineQueries(
  'users.user',
  {
    /**
     * $1 = user id, $2 = delta (negative = debit), $3 = reward delta: never below zero (the
     * WHERE clause, backed by the CHECK constraint); no row when the balance is too low.
     */
    changeBalance: `UPDATE users
          SET balance = balance + $2, total_reward = total_reward + $3, updated_time = now()
        WHERE id = $1 AND balance + $2 >= 0
        RETURNING balance, total_reward`,
    /** $1 = user id. */
    balanceOf: 'SELECT balance FROM users WHERE id = $1',
    /** $1 = user id: what every customer request's token check reads. */
    tokenAccount: 'SELECT id, user_name, status, token_version FROM users WHERE id = $1',
    /** $1 = user ids: the token check of many accounts at once (event streams). */
    tokenAccounts:
      'SELECT id, user_name, status, token_version FROM users WHERE id = ANY($1::int[])',
    /**
     * The token check as a condition of another statement (@AccountCheckedByRead() routes):
     * true while the account exists, is active and has the token's version, as isCurrentAccount
     * asks of the row `tokenAccount` reads.
     */
    isCurrent: (params: SqlParams, id: number, tokenVersion: number) =>
      `EXISTS (SELECT 1 FROM users a WHERE a.id = ${params.add(id)} AND a.status = 1
                 AND a.token_version = ${params.add(tokenVersion, 'bigint')})`,
    /** $1 = group id: share-locks a group a customer is put into (a delete waits). */
    lockGroup: 'SELECT 1 FROM user_groups WHERE id = $1 FOR SHARE',
  },
  { isCurrent: { 'account 7, token version 0': [new SqlParams(), 7, 0] } },
);
