import { FastifyRequest } from 'fastify';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

function bearer(request: FastifyRequest): string | undefined {
  const value = header(request, 'authorization');
  const match = value ? /^Bearer\s+(.+)$/i.exec(value) : null;
  return match?.[1].trim() || undefined;
}

/** Customer tokens: `Token` header (what AnqiCMS clients send), `token` cookie, or Bearer. */
export function extractCustomerToken(request: FastifyRequest): string | null {
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> })
    .cookies;
  return header(request, 'token') ?? (cookies?.token || undefined) ?? bearer(request) ?? null;
}

/** Admin tokens: `admin` header (AnqiCMS's admin panel) or Bearer. */
export function extractAdminToken(request: FastifyRequest): string | null {
  return header(request, 'admin') ?? bearer(request) ?? null;
}
