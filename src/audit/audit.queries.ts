import { defineQueries } from '../common/database/query-object.js';
import { SqlParams } from '../common/database/sql-params.js';

/** An audit row's columns (who and from where are filled by AuditService from the request). */
export interface AuditRowValues {
  adminId: number;
  adminName: string;
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
  ip: string;
  requestId: string;
}

const EXAMPLE_ROW: AuditRowValues = {
  adminId: 1,
  adminName: 'owner',
  action: 'order.deliver',
  entityType: 'order',
  entityId: '42',
  details: {},
  ip: '127.0.0.1',
  requestId: 'r-1',
};

/** The audit trail's hand-written statement (the list is a query builder in AuditService). */
export const AuditQueries = defineQueries(
  'audit.audit-log',
  {
    /**
     * The row as one INSERT, a step of the caller's WITH query; `computed.details` is an SQL
     * jsonb expression over `computed.from` merged over `row.details`.
     */
    insertStep(
      row: AuditRowValues,
      params: SqlParams,
      computed?: { from: string; details: string },
    ): string {
      const value = (v: unknown, type: string): string => params.add(v, type);
      const details = value(JSON.stringify(row.details), 'jsonb');
      const values = [
        value(row.adminId, 'int'),
        value(row.adminName, 'text'),
        value(row.action, 'text'),
        value(row.entityType, 'text'),
        value(row.entityId, 'text'),
        computed ? `${details} || ${computed.details}` : details,
        value(row.ip, 'text'),
        value(row.requestId, 'text'),
      ];
      return `INSERT INTO audit_logs (admin_id, admin_name, action, entity_type, entity_id, details, ip, request_id)
       SELECT ${values.join(', ')}${computed ? ` FROM ${computed.from}` : ''}`;
    },
  },
  {
    insertStep: {
      plain: [EXAMPLE_ROW, new SqlParams()],
      'details computed over another step': [
        EXAMPLE_ROW,
        new SqlParams(),
        { from: 'thread_message', details: "jsonb_build_object('message_id', thread_message.id)" },
      ],
    },
  },
);
