import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module.js';
import { AppConfig } from './common/config/app-config.js';
import { JsonLogger } from './common/logging/json-logger.js';
import { requestContext } from './common/logging/request-context.js';

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** Creates the Nest app on Fastify with the transport settings that must exist before routes. */
export async function createApp(
  config: AppConfig,
  logger = new JsonLogger(config.logLevel),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Honour a caller's X-Request-Id (from a proxy or client) so logs line up end to end.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Let in-flight requests finish on shutdown; idle keep-alive sockets are closed.
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger,
    bufferLogs: false,
  });
  await configureApp(app, config);
  return app;
}

/** Everything main.ts and the tests share: plugins, hooks, Swagger, shutdown. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();

  // Graceful shutdown: once closing, every response asks the client to drop its keep-alive
  // connection, so the server is not left waiting for idle sockets (up to the keep-alive timeout)
  // after the last in-flight request has been answered.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    requestContext.run({ requestId: request.id, ip: request.ip }, done);
  });
  const accessLog = new JsonLogger(config.logLevel);
  fastify.addHook('onResponse', (request, reply, done) => {
    accessLog.log(
      {
        msg: 'request',
        request_id: request.id,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'Http',
    );
    done();
  });

  await app.register(cookie);
  await app.register(helmet, {
    // Swagger UI needs inline scripts and styles; the API itself serves JSON only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await app.register(multipart, {
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10, parts: 12 },
  });
  if (config.corsOrigins !== false) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      allowedHeaders: [
        'content-type',
        'token',
        'admin',
        'authorization',
        'idempotency-key',
        'x-request-id',
      ],
      exposedHeaders: ['update-token', 'x-request-id'],
    });
  }

  setupSwagger(app);
  app.enableShutdownHooks();
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Custom-order backend')
    .setVersion('1')
    .setDescription(
      [
        'Customization requests, quotes and shop orders. The customer API (`/api/...`) is wire-compatible',
        "with AnqiCMS's user API; staff use `/system/api/...`.",
        '',
        'Every response is `{"code": 0, "msg": "", "data": ...}` with HTTP 200 (lists add `total`).',
        'Errors: code -1 (msg says why, `error` holds the catalogued reason), 1001 not logged in,',
        '1002 not allowed. Only transport problems (malformed JSON, body too large, unknown route) use 4xx.',
        'Money is integer fen, times are unix seconds, JSON is snake_case.',
        'Paging: `current` plus `page_size` or `pageSize`.',
      ].join('\n'),
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'token',
        description: 'Customer token (AnqiCMS clients)',
      },
      'token',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'cookie',
        name: 'token',
        description: 'Customer token cookie set by login',
      },
      'cookie',
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'admin', description: 'Staff (admin) token' },
      'admin',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Either token as Bearer',
      },
      'bearer',
    );
  return SwaggerModule.createDocument(app, builder.build());
}

function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
