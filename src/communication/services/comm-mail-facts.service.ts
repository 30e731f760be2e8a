import { Injectable } from '@nestjs/common';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import { DataSource } from 'typeorm';
import { CommMessage } from '../entities/comm-message.entity.js';
import { CommOrder } from '../entities/comm-order.entity.js';

/** A request as a mail tells about it. */
export interface RequestForMail {
  id: number;
  userId: number;
  title: string;
  content: string;
  /** The current quote, in currency units as on the wire ("9900", "99.50"); '' = none. */
  quotePrice: string;
  quoteContent: string;
  quoteValidUntil: Date | null;
}

export interface MessageForMail {
  id: number;
  senderName: string;
  messageType: string;
  content: string;
  createdTime: Date;
}

/** Whose side reads: the customer reads staff messages, staff read the customer's. */
export type ThreadReader = 'customer' | 'staff';

/**
 * The communication module's read-only contract with the notifications module: what a mail
 * about a request says, rendered at send time. Ids in, plain values out; no lookup by actor
 * (mails are the system's, which sees every request).
 */
@Injectable()
export class CommMailFacts {
  constructor(private readonly dataSource: DataSource) {}

  async request(commOrderId: number): Promise<RequestForMail | undefined> {
    const row = await this.dataSource.getRepository(CommOrder).findOne({
      where: { id: commOrderId },
      select: {
        id: true,
        userId: true,
        title: true,
        content: true,
        quotePrice: true,
        quoteContent: true,
        quoteValidUntil: true,
      },
    });
    return row ?? undefined;
  }

  /**
   * The other side's messages from `fromMessageId` on that `reader` has not read yet, oldest
   * first (at most `limit`). Empty: the reader has read the thread up to them meanwhile.
   */
  async unreadSince(
    commOrderId: number,
    reader: ThreadReader,
    fromMessageId: number,
    limit = 20,
  ): Promise<MessageForMail[]> {
    const readColumn = reader === 'customer' ? 'customer_last_read_id' : 'staff_last_read_id';
    const otherSide = reader === 'customer' ? 'staff' : 'customer';
    const senderType = ACTOR_SPELLINGS.senderType[otherSide];
    return this.dataSource
      .getRepository(CommMessage)
      .createQueryBuilder('m')
      .innerJoin(CommOrder, 'o', 'o.id = m.comm_order_id')
      .select([
        'm.id AS id',
        'm.sender_name AS "senderName"',
        'm.message_type AS "messageType"',
        'm.content AS content',
        'm.created_time AS "createdTime"',
      ])
      .where('m.comm_order_id = :commOrderId', { commOrderId })
      .andWhere('m.sender_type = :senderType', { senderType })
      .andWhere('m.id >= :fromMessageId', { fromMessageId })
      .andWhere(`m.id > o.${readColumn}`)
      .orderBy('m.id', 'ASC')
      .limit(limit)
      .getRawMany<MessageForMail & { id: string }>()
      .then((rows) => rows.map((row) => ({ ...row, id: Number(row.id) })));
  }
}
