import { reportMismatch, ResponseSchemas } from './response-schemas.js';

/** The AnqiCMS envelope as tests read it. */
export interface EnvelopeBody<T = any> {
  code: number;
  msg: string;
  data: T;
  total?: number;
  total_capped?: boolean;
  error?: string;
  details?: Record<string, unknown>;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: EnvelopeBody<T>;
  text: string;
}

export interface RequestOptions {
  /** Customer token, sent as the `Token` header (what AnqiCMS clients send). */
  token?: string;
  /** Staff token, sent as the `admin` header. */
  admin?: string;
  bearer?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
}

/** A thin HTTP client over fetch: tests talk to the server exactly as front-ends do. */
export class ApiClient {
  /**
   * `schemas`: every JSON answer is checked against the route's documented schema (test apps
   * pass it; a mismatch fails the test).
   */
  constructor(
    readonly baseUrl: string,
    private readonly schemas?: ResponseSchemas,
  ) {}

  get<T = any>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = any>(
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>(
      'POST',
      path,
      body === undefined ? undefined : JSON.stringify(body),
      options,
    );
  }

  /** Sends a raw body as-is (malformed JSON, huge bodies). */
  postRaw<T = any>(
    path: string,
    raw: string | Buffer,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, raw, options);
  }

  async request<T>(
    method: string,
    path: string,
    body: string | Buffer | FormData | undefined,
    options: RequestOptions,
  ): Promise<ApiResponse<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (body !== undefined && !(body instanceof FormData) && !headers['content-type'])
      headers['content-type'] = 'application/json';
    if (options.token) headers.token = options.token;
    if (options.admin) headers.admin = options.admin;
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let parsed: EnvelopeBody<T>;
    try {
      parsed = JSON.parse(text) as EnvelopeBody<T>;
    } catch {
      parsed = { code: NaN, msg: text, data: undefined as T };
      return { status: response.status, headers: response.headers, body: parsed, text };
    }
    const problems =
      this.schemas?.check(
        method,
        url,
        response.status,
        response.headers.get('content-type') ?? '',
        parsed,
      ) ?? [];
    if (problems.length)
      reportMismatch({
        route: `${method} ${url.pathname}`,
        status: response.status,
        code: parsed.code,
        problems,
      });
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
}
