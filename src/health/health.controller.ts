import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/access.decorators.js';
import { RawResponse } from '../common/http/envelope.interceptor.js';
import { Readiness, ReadinessService } from './readiness.service.js';
import { ApiTag } from '../common/swagger/api-tags.js';

const LIVENESS_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
};

const READINESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    checks: {
      type: 'object',
      description:
        'One entry per check (database, shutdown, and replica_1, replica_2… with DATABASE_REPLICA_URLS: ' +
        'reported, never failing readiness, since their reads then go to the primary)',
      additionalProperties: {
        type: 'object',
        required: ['status'],
        properties: {
          status: { type: 'string', enum: ['up', 'down'] },
          error: { type: 'string' },
          lag_ms: { type: 'number', description: 'Replicas: how far behind the primary' },
          used: {
            type: 'boolean',
            description:
              'Replicas: whether reads go to it now (up and within DATABASE_REPLICA_MAX_LAG_MS)',
          },
        },
      },
    },
  },
};

/** Probes for load balancers and orchestrators: plain JSON and real HTTP status, no envelope. */
@ApiTag('Health')
@Public()
@RawResponse()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({
    description: 'Not an envelope: `{"status":"ok"}`',
    schema: LIVENESS_SCHEMA,
  })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers and the server is not shutting down',
  })
  @ApiOkResponse({
    description: 'Not an envelope: `{"status":"ok","checks":{"database":{"status":"up"}}}`',
    schema: READINESS_SCHEMA,
  })
  @ApiServiceUnavailableResponse({
    schema: READINESS_SCHEMA,
    description:
      'Not ready; `checks` names what failed, e.g. `{"status":"error","checks":{"database":{"status":"down","error":"unreachable (ECONNREFUSED)"}}}` or a `shutdown` check while draining',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const result = await this.readiness.check();
    void reply.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
