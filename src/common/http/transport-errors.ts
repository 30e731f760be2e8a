import { HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { mapTransport } from './all-exceptions.filter.js';

/**
 * Errors Fastify and Node answer before any route, hook or Nest filter runs. Their default
 * bodies are Fastify's own `{"statusCode", "error"}`; these handlers answer the same statuses
 * with the envelope, so a client parses one shape whatever went wrong.
 */

function clientErrorStatus(code: string | undefined): HttpStatus {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431 as HttpStatus; // Request Header Fields Too Large
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return HttpStatus.REQUEST_TIMEOUT;
    default:
      return HttpStatus.BAD_REQUEST;
  }
}

/**
 * Node's `clientError`: the request could not even be parsed (headers or URL too large, broken
 * HTTP, a lying Content-Length). There is no request object; the reply is written to the socket,
 * which is then closed, as Node and Fastify do.
 */
export function envelopeClientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = clientErrorStatus(error.code);
  const mapped = mapTransport(status, 'The HTTP request is malformed');
  const body = JSON.stringify(mapped.body);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** The router's own refusals: an undecodable URL (400) or an over-long route parameter (414). */
export function envelopeFrameworkErrors(
  error: Error & { code?: string; statusCode?: number },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const mapped = mapTransport(
    error.statusCode ?? HttpStatus.BAD_REQUEST,
    error.message,
    error.code,
  );
  void reply.code(mapped.status).type('application/json; charset=utf-8').send(mapped.body);
}
