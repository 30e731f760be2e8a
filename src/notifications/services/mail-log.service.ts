import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page } from '../../common/http/envelope.js';
import { PageQueryDto, pageWindow } from '../../common/pagination/page-query.dto.js';
import { MailLogResponseDto } from '../dto/mail-settings.dto.js';

interface LogRow {
  id: string;
  created_time: number;
  subject: string;
  status: string;
  address: string;
  kind: string;
  attempts: number;
  last_error: string;
  sent_time: number;
  total: number;
}

/** The mails queued, sent and failed, newest first (skipped ones are not mails). */
@Injectable()
export class MailLogService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: PageQueryDto): Promise<Page<MailLogResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const rows = await this.dataSource.query<LogRow[]>(
      `SELECT id::text AS id, floor(extract(epoch FROM created_time))::int AS created_time,
              subject, status, address, kind, attempts, last_error,
              coalesce(floor(extract(epoch FROM sent_time))::int, 0) AS sent_time,
              (SELECT count(*)::int FROM mail_outbox WHERE status <> 'skipped') AS total
         FROM mail_outbox
        WHERE status <> 'skipped'
        ORDER BY id DESC
        LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return new Page(
      rows.map(({ total: _total, id, ...row }) => ({ id: Number(id), ...row })),
      rows[0]?.total ?? 0,
    );
  }
}
