import { defineQueries } from '../common/database/query-object.js';

/** Customers (`users`): balance, the token check, referral chains, group assignment. */
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
    /** $1 = buyer id, $2 = depth: the buyer's referrers, nearest first. */
    referralChain: `WITH RECURSIVE chain AS (
         SELECT u.id, u.parent_id, u.group_id, u.is_retailer, 1 AS level
           FROM users u JOIN users buyer ON buyer.parent_id = u.id
          WHERE buyer.id = $1
         UNION ALL
         SELECT u.id, u.parent_id, u.group_id, u.is_retailer, chain.level + 1
           FROM users u JOIN chain ON chain.parent_id = u.id
          WHERE chain.level < $2 AND u.id <> $1
       )
       SELECT id, parent_id, group_id, is_retailer, level FROM chain ORDER BY level`,
    /** $1 = group id: share-locks a group a customer is put into (a delete waits). */
    lockGroup: 'SELECT 1 FROM user_groups WHERE id = $1 FOR SHARE',
  },
  {},
);
