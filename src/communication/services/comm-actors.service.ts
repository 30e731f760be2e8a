import { Injectable } from '@nestjs/common';
import type { AdminPrincipal, CustomerPrincipal } from '../../common/auth/principal.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import type { CommParticipant } from '../comm-actor.js';

/** Turns the token's principal into the actor written on messages (never the request body). */
@Injectable()
export class CommActorsService {
  constructor(private readonly users: UserDirectoryService) {}

  customer(principal: CustomerPrincipal): CommParticipant {
    return { role: 'customer', id: principal.id, name: principal.userName };
  }

  /** Staff sign messages with their display name (real name, else user name). */
  async staff(principal: AdminPrincipal): Promise<CommParticipant> {
    // Read with the token check on this request (AdminJwtStrategy), else read now.
    if (principal.displayName !== undefined)
      return { role: 'staff', id: principal.id, name: principal.displayName };
    const names = await this.users.adminNames([principal.id]);
    return { role: 'staff', id: principal.id, name: names.get(principal.id) ?? principal.userName };
  }

  /** Staff actor for reads only (no name needed, no query). */
  staffReader(principal: AdminPrincipal): CommParticipant {
    return { role: 'staff', id: principal.id, name: principal.userName };
  }
}
