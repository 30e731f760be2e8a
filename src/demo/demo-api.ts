import type { FastifyInstance } from 'fastify';

/** A signed-in caller of the API: staff send the `admin` header, customers the `token` one. */
export interface DemoSession {
  header: 'admin' | 'token';
  token: string;
}

/**
 * The app's own HTTP routes, called in-process (Fastify's inject: no socket, no port). The demo
 * data is made the way staff and customers make data, through the same routes, guards,
 * validation and services, so the demo needs nothing from the modules beyond their API.
 * Every call carries the request id `seed-demo`, which the logs and the audit trail show.
 */
export class DemoApi {
  constructor(private readonly fastify: FastifyInstance) {}

  get<T>(url: string, query: Record<string, string> = {}, session?: DemoSession): Promise<T> {
    return this.call<T>('GET', url, { query, session });
  }

  post<T>(url: string, body: object, session?: DemoSession): Promise<T> {
    return this.call<T>('POST', url, { body, session });
  }

  /** The staff session of this login. */
  async staff(login: { user_name: string; password: string }): Promise<DemoSession> {
    const { token } = await this.post<{ token: string }>('/system/api/login', login);
    return { header: 'admin', token };
  }

  /** The customer session of this login. */
  async customer(login: { user_name: string; password: string }): Promise<DemoSession> {
    const { token } = await this.post<{ token: string }>('/api/login', login);
    return { header: 'token', token };
  }

  private async call<T>(
    method: 'GET' | 'POST',
    url: string,
    {
      body,
      query,
      session,
    }: { body?: object; query?: Record<string, string>; session?: DemoSession },
  ): Promise<T> {
    const response = await this.fastify.inject({
      method,
      url,
      query,
      ...(body ? { payload: body } : {}),
      headers: {
        'x-request-id': 'seed-demo',
        ...(session ? { [session.header]: session.token } : {}),
      },
    });
    const envelope = response.json<{ code?: number; data?: T }>();
    if (response.statusCode !== 200 || envelope.code !== 0)
      throw new Error(
        `demo data: ${method} ${url} answered ${response.statusCode} ${response.body}`,
      );
    return envelope.data as T;
  }
}

/**
 * Who makes the demo data: the API and the demo staff and customer sessions, each signed in on
 * first use only (seeding a database that has everything already signs nobody in).
 */
export interface DemoCallers {
  api: DemoApi;
  staff(): Promise<DemoSession>;
  customer(): Promise<DemoSession>;
}

export function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
