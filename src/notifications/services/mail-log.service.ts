import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page } from '../../common/http/envelope.js';
import { PageQueryDto, pageWindow } from '../../common/pagination/page-query.dto.js';
import { MailLogResponseDto } from '../dto/mail-settings.dto.js';
import { MailQueries } from '../mail.queries.js';

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
    const rows = await this.dataSource.query<LogRow[]>(MailQueries.log, [limit, offset]);
    return new Page(
      rows.map(({ total: _total, id, ...row }) => ({ id: Number(id), ...row })),
      rows[0]?.total ?? 0,
    );
  }
}
