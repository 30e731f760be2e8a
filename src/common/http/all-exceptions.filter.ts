import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { SqlState, sqlStateOf } from '../database/database-errors.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { AppError, CommonErrors, EnvelopeCode } from '../errors/app-error.js';
import { Envelope } from './envelope.js';
import { recordOutcome } from './request-outcome.js';

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

interface Mapped {
  status: number;
  body: Envelope<null>;
}

function envelope(
  code: EnvelopeCode,
  msg: string,
  error: string,
  details?: Record<string, unknown>,
): Envelope<null> {
  return { code, msg, data: null, error, ...(details ? { details } : {}) };
}

/** Errors raised by Fastify itself before a handler runs (body parsing, limits). */
interface TransportError {
  statusCode: number;
  code?: string;
  message: string;
}

function isTransportError(error: unknown): error is TransportError {
  return (
    error instanceof Error &&
    typeof (error as Partial<TransportError>).statusCode === 'number' &&
    !(error instanceof HttpException)
  );
}

/** PostgreSQL error codes that are the client's problem or a retryable clash, not a crash. */
function mapDatabaseError(error: unknown): Mapped | undefined {
  switch (sqlStateOf(error)) {
    case SqlState.uniqueViolation:
      return {
        status: 200,
        body: envelope(
          EnvelopeCode.Error,
          'This record already exists',
          CommonErrors.conflict.reason,
        ),
      };
    case SqlState.serializationFailure:
    case SqlState.deadlockDetected:
    case SqlState.lockNotAvailable:
      return {
        status: 200,
        body: envelope(
          EnvelopeCode.Error,
          'The record is busy with another request; try again',
          'COMMON.BUSY',
        ),
      };
    case SqlState.numericOutOfRange:
      return {
        status: 200,
        body: envelope(
          EnvelopeCode.Error,
          'A number is out of range',
          CommonErrors.validation.reason,
        ),
      };
    default:
      return undefined;
  }
}

/** Transport problems keep a 4xx status; the body is still an envelope. */
export function mapTransport(status: HttpStatus, message: string, fastifyCode?: string): Mapped {
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return { status, body: envelope(EnvelopeCode.Error, message, 'HTTP.NOT_FOUND') };
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return {
        status,
        body: envelope(EnvelopeCode.Error, 'Request body is too large', 'HTTP.BODY_TOO_LARGE'),
      };
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return { status, body: envelope(EnvelopeCode.Error, message, 'HTTP.UNSUPPORTED_MEDIA_TYPE') };
    case 431 as HttpStatus: // Request Header Fields Too Large (not in Nest's HttpStatus)
      return {
        status,
        body: envelope(
          EnvelopeCode.Error,
          'Request headers (or the URL with its query string) are too large',
          'HTTP.HEADERS_TOO_LARGE',
        ),
      };
    case HttpStatus.URI_TOO_LONG:
      return {
        status,
        body: envelope(EnvelopeCode.Error, 'A part of the URL is too long', 'HTTP.URI_TOO_LONG'),
      };
    case HttpStatus.REQUEST_TIMEOUT:
      return {
        status,
        body: envelope(EnvelopeCode.Error, 'The request took too long to arrive', 'HTTP.TIMEOUT'),
      };
    case HttpStatus.TOO_MANY_REQUESTS:
      return {
        status,
        body: envelope(EnvelopeCode.Error, 'Too many requests; slow down', 'HTTP.RATE_LIMITED'),
      };
    case HttpStatus.UNAUTHORIZED:
      return {
        status: 200,
        body: envelope(EnvelopeCode.NotLoggedIn, message, CommonErrors.notLoggedIn.reason),
      };
    case HttpStatus.FORBIDDEN:
      return {
        status: 200,
        body: envelope(EnvelopeCode.NotAllowed, message, CommonErrors.notAllowed.reason),
      };
    default:
      if (fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(message)) {
        return {
          status: HttpStatus.BAD_REQUEST,
          body: envelope(
            EnvelopeCode.Error,
            'Malformed JSON in request body',
            'HTTP.MALFORMED_JSON',
          ),
        };
      }
      if (fastifyCode === 'FST_ERR_BAD_URL') {
        return {
          status: HttpStatus.BAD_REQUEST,
          body: envelope(EnvelopeCode.Error, 'The URL cannot be decoded', 'HTTP.BAD_URL'),
        };
      }
      if (fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        return {
          status: HttpStatus.BAD_REQUEST,
          body: envelope(
            EnvelopeCode.Error,
            'Request body is empty but declared as JSON',
            'HTTP.MALFORMED_JSON',
          ),
        };
      }
      if (Number(status) >= 400 && Number(status) < 500) {
        return { status, body: envelope(EnvelopeCode.Error, message, 'HTTP.BAD_REQUEST') };
      }
      return {
        status: 200,
        body: envelope(EnvelopeCode.Error, 'Internal error', 'COMMON.INTERNAL'),
      };
  }
}

/**
 * The one place errors become envelopes: domain errors (AppError), validation errors (raised as
 * AppError by the ValidationPipe), Nest/Fastify HTTP errors and anything unexpected. Unexpected
 * errors are logged with the request id and never show a stack or SQL to the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const { status, body } = this.map(exception, request);
    recordOutcome(request, { code: body.code, error: body.error });
    // "Come back later" answers say when, in seconds: an outage (503), AUTH.TOO_MANY_ATTEMPTS,
    // IDEMPOTENCY.IN_PROGRESS, the event stream caps.
    const retryAfter =
      body.details?.retry_after ?? (status === 503 ? UNAVAILABLE_RETRY_AFTER_SECONDS : undefined);
    if (typeof retryAfter === 'number')
      http.getResponse<FastifyReply>().header('retry-after', String(retryAfter));
    this.adapterHost.httpAdapter.reply(http.getResponse(), body, status);
  }

  private map(exception: unknown, request: FastifyRequest): Mapped {
    if (exception instanceof AppError) {
      return {
        status: exception.httpStatus,
        body: envelope(
          exception.envelopeCode,
          exception.message,
          exception.reason,
          exception.details,
        ),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus() as HttpStatus;
      const message =
        status === HttpStatus.NOT_FOUND
          ? `No route ${request.method} ${request.url.split('?')[0]}`
          : exception.message;
      if (status < HttpStatus.INTERNAL_SERVER_ERROR) return mapTransport(status, message);
    } else if (isTransportError(exception) && exception.statusCode < 500) {
      return mapTransport(exception.statusCode, exception.message, exception.code);
    } else if (isDatabaseUnavailable(exception)) {
      // An outage, not a bug: no stack, one line per request, and a status a balancer acts on.
      this.logger.warn({ msg: 'database unavailable', error: String(exception) });
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: envelope(
          EnvelopeCode.Error,
          'Service temporarily unavailable, try again',
          'COMMON.UNAVAILABLE',
        ),
      };
    } else {
      const database = mapDatabaseError(exception);
      if (database) {
        this.logger.warn({ msg: 'database conflict mapped to envelope', error: String(exception) });
        return database;
      }
    }
    this.logger.error(exception instanceof Error ? exception : String(exception));
    const body = envelope(
      EnvelopeCode.Error,
      `Internal error (request ${request.id})`,
      'COMMON.INTERNAL',
    );
    return { status: 200, body: { ...body, request_id: request.id } };
  }
}
