import type { CommSide } from './comm-order-status.js';

/** Who acts on a request: the side, the account id (users.id or admins.id), a display name. */
export interface CommActor {
  side: CommSide;
  id: number;
  name: string;
}
