import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_TAGS } from './common/swagger/api-tags.js';
import {
  describeExampleNeeds,
  describeOptionalFilters,
} from './common/swagger/openapi-first-contact.js';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppModule } from './app.module.js';
import { AppConfig } from './common/config/app-config.js';
import { closeWithoutLosingRequests } from './common/http/graceful-close.js';
import { outcomeOf } from './common/http/request-outcome.js';
import { MetricsService } from './common/metrics/metrics.service.js';
import { LifecycleState } from './common/lifecycle/lifecycle-state.js';
import { documentIdempotencyKey } from './common/http/idempotent-route.js';
import { listRoutes } from './common/http/route-catalogue.js';
import { JsonLogger } from './common/logging/json-logger.js';
import { requestContext } from './common/logging/request-context.js';
import { isLoggedItself, redactUrl } from './common/logging/request-log.js';
import {
  envelopeClientErrorHandler,
  envelopeFrameworkErrors,
} from './common/http/transport-errors.js';

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** Creates the Nest app on Fastify with the transport settings that must exist before routes. */
export async function createApp(
  config: AppConfig,
  logger = new JsonLogger(config.logLevel, config.logFormat),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Honour a caller's X-Request-Id (from a proxy or client) so logs line up end to end.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Shutdown is handled by closeWithoutLosingRequests: Fastify must neither cut idle
    // connections itself nor answer requests that arrive while closing with its own 503.
    forceCloseConnections: false,
    return503OnClosing: false,
    // Refusals from Node's HTTP parser and Fastify's router are envelopes too.
    clientErrorHandler: envelopeClientErrorHandler,
    frameworkErrors: envelopeFrameworkErrors,
  });
  closeWithoutLosingRequests(adapter.getInstance(), config.shutdownTimeoutMs);
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

  // Graceful shutdown: from the start of the drain (SIGTERM), every response asks the client to
  // drop its keep-alive connection. Clients (a load balancer's probe too) then come back on new
  // connections, refused once the listener closes, instead of reusing an idle connection just as
  // the close ends it: a request crossing that end would be taken and left unanswered. Nor is the
  // server left waiting for idle sockets after the last in-flight request has been answered.
  const lifecycle = app.get(LifecycleState);
  fastify.addHook('preClose', (done) => {
    lifecycle.draining = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (lifecycle.draining) reply.header('connection', 'close');
    done(null, payload);
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    requestContext.run({ requestId: request.id, ip: request.ip }, done);
  });
  const accessLog = new JsonLogger(config.logLevel, config.logFormat);
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', (request, reply, done) => {
    if (isLoggedItself(request)) return done();
    // The envelope's verdict: a refused login answers HTTP 200 too, so the status alone hides it.
    const outcome = outcomeOf(request);
    const line = {
      msg: 'request',
      request_id: request.id,
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      code: outcome?.code,
      error: outcome?.error,
      ms: Math.round(reply.elapsedTime),
    };
    // 5xx are the service's failures (outage, bug); catalogued refusals are normal traffic.
    if (reply.statusCode >= 500) accessLog.warn(line, 'Http');
    else accessLog.log(line, 'Http');
    const route = request.routeOptions.url ?? 'unmatched';
    const code = outcome ? String(outcome.code) : 'none';
    metrics.requests.inc({
      method: request.method,
      route,
      status: reply.statusCode,
      code,
      error: outcome?.error ?? '',
    });
    metrics.requestDuration.observe(
      { method: request.method, route, code },
      reply.elapsedTime / 1000,
    );
    done();
  });
  if (config.metricsEnabled) serveMetrics(fastify, metrics, config.metricsToken);

  keepRawBodyOfNotifications(fastify, config.bodyLimitBytes);
  acceptFormBodiesWhereNeeded(fastify);

  await app.register(cookie);
  applySecurityHeaders(fastify);
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
      exposedHeaders: ['update-token', 'x-request-id', 'retry-after', 'idempotent-replayed'],
    });
  }

  setupSwagger(app);
  // Signals are handled by main.ts (drain first, then close), not by Nest's immediate close.
}

/**
 * helmet's security headers on every response. The middleware is built once, here: the Fastify
 * plugin rebuilt it (and parsed the CSP directives again) on every request, which showed in the
 * profile of the cheapest routes.
 */
function applySecurityHeaders(fastify: FastifyInstance): void {
  const securityHeaders = helmet({
    // Swagger UI needs inline scripts and styles; the API itself serves JSON only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        // helmet's default `upgrade-insecure-requests` makes a browser fetch Swagger UI's own
        // scripts over https when /docs is opened over plain HTTP under a host name other than
        // localhost (an internal network): a blank page. Behind TLS the page and its relative
        // asset URLs are https already, so the directive adds nothing there.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, () => done()),
  );
}

/**
 * GET /metrics in Prometheus text format, outside the envelope and the API's auth (scrapers speak
 * neither). With METRICS_TOKEN, only `Authorization: Bearer <token>` is answered.
 */
function serveMetrics(
  fastify: FastifyInstance,
  metrics: MetricsService,
  token: string | undefined,
): void {
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  fastify.get('/metrics', async (request, reply) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .type('text/plain')
          .send('metrics token required\n');
      }
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/**
 * Where a form body (`application/x-www-form-urlencoded`) is read: Alipay's notifications, the
 * staff pages' forms, and mail clients' one-click unsubscribe (RFC 8058 posts a form).
 */
const FORM_BODY_PREFIXES = ['/notify/', '/staff/', '/api/notifications/unsubscribe'];

/**
 * The API speaks JSON. A form body is what any page on any site can post, so it is parsed only
 * where something needs it (FORM_BODY_PREFIXES); elsewhere it is refused before it is read (415
 * HTTP.UNSUPPORTED_MEDIA_TYPE), so a cookie-carrying form post never reaches a handler.
 */
function acceptFormBodiesWhereNeeded(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const type = request.headers['content-type'] ?? '';
    if (
      !/^application\/x-www-form-urlencoded\b/i.test(type) ||
      FORM_BODY_PREFIXES.some((prefix) => request.url.startsWith(prefix))
    )
      return done(null, payload);
    done(
      Object.assign(new Error('Form bodies are not accepted here: send JSON (application/json)'), {
        statusCode: 415,
      }),
    );
  });
}

/**
 * Payment notifications are signed over their exact bytes, so /notify/* keeps the raw body (as
 * `request.rawBody`) before the usual parser runs (JSON, or Nest's form parser for Alipay); no
 * other route pays for the copy.
 */
function keepRawBodyOfNotifications(fastify: FastifyInstance, limit: number): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    if (!request.url.startsWith('/notify/')) return done(null, payload);
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    payload.on('error', (error) => done(error));
    payload.on('end', () => {
      const raw = Buffer.concat(chunks);
      (request as typeof request & { rawBody?: string }).rawBody = raw.toString('utf8');
      const copy = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
      copy.receivedEncodedLength = size;
      done(null, copy);
    });
  });
}

/** How many OpenAPI documents this process has built (the server builds its own on first use). */
let openApiDocumentsBuilt = 0;
export const openApiDocumentCount = (): number => openApiDocumentsBuilt;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  openApiDocumentsBuilt += 1;
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
        'While the database is unreachable, requests answer HTTP 503 with `Retry-After` and',
        '`{"code": -1, "error": "COMMON.UNAVAILABLE"}`: try again later.',
        'Money is integer fen, times are unix seconds, JSON is snake_case.',
        'Paging: `current` plus `page_size` or `pageSize`.',
        'Safe retries: state-changing POSTs accept an optional `Idempotency-Key` header (see each route).',
        'Logins are throttled per account and per address: -1 AUTH.TOO_MANY_ATTEMPTS with Retry-After.',
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
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build());
  documentIdempotencyKey(document, listRoutes(app));
  describeOptionalFilters(document);
  describeExampleNeeds(document);
  return document;
}

/**
 * /docs and /docs-json. The document is built on the first request for either (the factory runs
 * once, then the built document is served), not at start: building it walks every route's
 * metadata, which the first API request does not need (test/e2e/startup.e2e-spec.ts).
 */
function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
