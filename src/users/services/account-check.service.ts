import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import type { StaffRole } from '../../common/auth/staff-roles.js';
import { StaffQueries } from '../staff.queries.js';
import { UserQueries } from '../user.queries.js';

export type AccountKind = 'customer' | 'staff';

/** What decides whether a login still stands: the checks the token strategies make. */
export interface AccountState {
  id: number;
  userName: string;
  /** 1 = active. */
  status: number;
  tokenVersion: number;
  /** Staff only. */
  role?: StaffRole;
}

interface Row {
  id: number;
  user_name: string;
  status: number;
  token_version: number;
  role?: StaffRole;
}

const SQL: Record<AccountKind, string> = {
  customer: UserQueries.tokenAccounts,
  staff: StaffQueries.tokenAccounts,
};

/**
 * The token strategies' account check for logins that outlive one request (event streams): many
 * accounts in one statement per kind, and the principal of a stream ticket.
 */
@Injectable()
export class AccountCheckService {
  constructor(private readonly dataSource: DataSource) {}

  /** The accounts that exist among `ids` (deleted ones are simply absent). One statement. */
  async states(kind: AccountKind, ids: readonly number[]): Promise<Map<number, AccountState>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<Row[]>(SQL[kind], [ids]);
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          userName: row.user_name,
          status: row.status,
          tokenVersion: row.token_version,
          ...(row.role ? { role: row.role } : {}),
        },
      ]),
    );
  }

  /** The login of `id` when it still stands for a token of `tokenVersion` (as the strategies). */
  async principal(
    kind: AccountKind,
    id: number,
    tokenVersion: number,
  ): Promise<Principal | undefined> {
    const account = (await this.states(kind, [id])).get(id);
    if (!account || !stillLogsIn(account, tokenVersion)) return undefined;
    return kind === 'staff'
      ? { kind: 'admin', id, userName: account.userName, role: account.role! }
      : { kind: 'customer', id, userName: account.userName };
  }
}

/** Active, and no password change since the token was issued (isCurrentAccount's rule). */
export function stillLogsIn(account: AccountState | undefined, tokenVersion: number): boolean {
  return !!account && account.status === 1 && account.tokenVersion === tokenVersion;
}
