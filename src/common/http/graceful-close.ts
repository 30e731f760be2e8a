import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from 'node:net';
import type { Socket } from 'node:net';

interface Connection {
  /** Requests this connection has been answered. */
  served: number;
  /** A request on it is being handled. */
  busy: boolean;
}

/**
 * Grace for a connection accepted just before the listener closed whose request has not arrived
 * yet: it was accepted, so it is served rather than reset.
 */
const FRESH_CONNECTION_GRACE_MS = 2000;

/**
 * Closing the HTTP server loses no accepted request. Node's `http.Server.close()` destroys every
 * connection without a request in progress, which includes connections accepted a moment ago whose
 * request is still on its way: under load those clients see a reset. Here, closing instead:
 * - stops listening (new connections are refused: the client knows nothing was accepted);
 * - ends keep-alive connections that sit idle after a response;
 * - serves whatever arrives on the remaining ones, each answer with `Connection: close`;
 * - cuts what is left after `timeoutMs` (a request that never finishes must not block shutdown).
 * The close callback (Fastify's, then Nest's shutdown hooks: pool, embedded database) runs once
 * every connection has ended; it first logs how many connections this process took ended with a
 * request unanswered (`unanswered`: 0 unless `timeoutMs` cut a request that never finished).
 *
 * What no server can avoid: a connection whose handshake the kernel completed but which the
 * process had not taken when the listener closed is reset by the kernel, and its client sees
 * ECONNRESET after sending. Nothing of it reached the process, so it is as safe to retry as a
 * refused one; closing right after the poll phase (below) keeps that window as short as it gets,
 * and a drain behind a load balancer (SHUTDOWN_DRAIN_MS) keeps such connections from coming.
 */
export function closeWithoutLosingRequests(fastify: FastifyInstance, timeoutMs: number): void {
  const server = fastify.server;
  const connections = new Map<Socket, Connection>();
  let closing = false;
  let unanswered = 0;

  server.on('connection', (socket: Socket) => {
    connections.set(socket, { served: 0, busy: false });
    socket.once('close', () => connections.delete(socket));
  });
  // An answer that never finished: its connection ended first (cut, or the client went away).
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    response.once('close', () => {
      if (!response.writableFinished) unanswered += 1;
    });
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    const connection = connections.get(request.raw.socket);
    if (connection) connection.busy = true;
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    const socket = request.raw.socket;
    const connection = connections.get(socket);
    if (connection) {
      connection.busy = false;
      connection.served += 1;
    }
    // A response begun before closing may have promised keep-alive: end the connection now.
    if (closing) socket.end();
    done();
  });

  server.close = function close(callback?: (error?: Error) => void) {
    closing = true;
    for (const [socket, connection] of connections) {
      if (!connection.busy && connection.served > 0) socket.end();
    }
    const cutIdle = setTimeout(() => {
      for (const [socket, connection] of connections) if (!connection.busy) socket.destroy();
    }, FRESH_CONNECTION_GRACE_MS);
    const cutAll = setTimeout(() => {
      for (const socket of connections.keys()) socket.destroy();
    }, timeoutMs);
    cutIdle.unref();
    cutAll.unref();
    // Closing a listening socket makes the kernel reset the connections it has queued but the
    // process has not taken yet. libuv takes every queued connection in the poll phase and
    // setImmediate runs right after it, when that queue is as short as it gets.
    setImmediate(() =>
      Server.prototype.close.call(server, (error?: Error) => {
        clearTimeout(cutIdle);
        clearTimeout(cutAll);
        stopConnectionsCheck(server);
        new Logger('Http').log({ msg: 'every connection ended', unanswered });
        callback?.(error);
      }),
    );
    return server;
  };
}

/**
 * http.Server.close() would also stop its (unref'd) request-timeout sweep; closing through
 * net.Server skips that, so it is stopped here.
 */
function stopConnectionsCheck(server: object): void {
  const key = Object.getOwnPropertySymbols(server).find(
    (symbol) => symbol.description === 'http.server.connectionsCheckingInterval',
  );
  if (key) clearInterval((server as Record<symbol, NodeJS.Timeout | undefined>)[key]);
}

/** Connections still open (for the shutdown log). */
export function openConnections(fastify: FastifyInstance): Promise<number> {
  return new Promise((resolve) => fastify.server.getConnections((_e, count) => resolve(count)));
}
