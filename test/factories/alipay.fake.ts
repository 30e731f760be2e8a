import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Dispatcher, getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';

/**
 * Alipay as the service meets it, with keys generated here: the application key pair (the
 * service signs with its private half; this fake verifies every request with the public half)
 * and Alipay's key pair (this fake signs notifications and answers with it, as Alipay does:
 * RSA2 over the sorted `k=v&...` of the notification, over the exact `*_response` JSON of an
 * answer). Answers to the real SDK's HTTP calls come from undici's MockAgent (alipay-sdk uses
 * urllib, which runs on undici), installed only while `intercept` runs.
 */
export class AlipayFake {
  readonly app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly appId = '2021000000000001';
  readonly sellerId = '2088101122136241';
  readonly calls: { method: string; bizContent: any }[] = [];
  private readonly answers = new Map<
    string,
    (biz: any, count: number) => [number, Record<string, unknown>]
  >();
  private readonly counts = new Map<string, number>();

  settings(): Record<string, string> {
    return {
      alipay_app_id: this.appId,
      alipay_private_key: this.app.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      // Alipay hands its public key out as bare base64, without PEM armour.
      alipay_public_key: (
        this.alipay.publicKey.export({ type: 'spki', format: 'der' }) as Buffer
      ).toString('base64'),
      alipay_seller_id: this.sellerId,
    };
  }

  appPublicPem(): string {
    return this.app.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  /** Alipay's signing content: every parameter but `sign` (and `sign_type` for notifications), sorted. */
  static content(params: Record<string, string>, dropSignType: boolean): string {
    return Object.keys(params)
      .filter(
        (key) => key !== 'sign' && !(dropSignType && key === 'sign_type') && params[key] !== '',
      )
      .sort()
      .map((key) => `${key}=${params[key]}`)
      .join('&');
  }

  /** Does `url`/`params` carry a valid application signature? */
  verifiesRequest(params: Record<string, string>): boolean {
    return createVerify('RSA-SHA256')
      .update(AlipayFake.content(params, false))
      .verify(this.appPublicPem(), Buffer.from(params.sign, 'base64'));
  }

  private sign(content: string): string {
    return createSign('RSA-SHA256').update(content).sign(this.alipay.privateKey, 'base64');
  }

  /** An asynchronous notification of a paid trade, form-encoded as Alipay posts it. */
  notification(
    payment: { payment_id: string; amount: number },
    overrides: Record<string, string> = {},
  ): string {
    const params: Record<string, string> = {
      notify_time: '2026-11-23 20:00:00',
      notify_type: 'trade_status_sync',
      notify_id: randomBytes(8).toString('hex'),
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      auth_app_id: this.appId,
      app_id: this.appId,
      trade_no: `2026112322001${randomBytes(6).toString('hex')}`,
      out_trade_no: payment.payment_id,
      buyer_id: '2088102122524333',
      seller_id: this.sellerId,
      trade_status: 'TRADE_SUCCESS',
      total_amount: (payment.amount / 100).toFixed(2),
      receipt_amount: (payment.amount / 100).toFixed(2),
      subject: '定制订单',
      gmt_payment: '2026-11-23 19:59:59',
      ...overrides,
    };
    params.sign = this.sign(AlipayFake.content(params, true));
    return new URLSearchParams(params).toString();
  }

  /** Answers `method` (e.g. alipay.trade.refund) with `answer(bizContent, count)`. */
  on(method: string, answer: (biz: any, count: number) => [number, Record<string, unknown>]): void {
    this.answers.set(method, answer);
  }

  /** Runs `work` with the SDK's HTTP answered here; other hosts are refused. */
  async intercept<T>(work: () => Promise<T>): Promise<T> {
    const previous: Dispatcher = getGlobalDispatcher();
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://openapi.alipay.com')
      .intercept({ path: (path) => path.startsWith('/gateway.do'), method: 'POST' })
      .reply((request) =>
        this.reply(request.path, typeof request.body === 'string' ? request.body : ''),
      )
      .persist();
    setGlobalDispatcher(agent);
    try {
      return await work();
    } finally {
      setGlobalDispatcher(previous);
      await agent.close();
    }
  }

  private reply(path: string, body: string): { statusCode: number; data: string } {
    const params = Object.fromEntries([
      ...new URL(path, 'https://openapi.alipay.com').searchParams,
      ...new URLSearchParams(body),
    ]);
    if (!this.verifiesRequest(params)) return { statusCode: 400, data: 'bad signature' };
    const method = params.method;
    const bizContent = JSON.parse(params.biz_content ?? '{}');
    this.calls.push({ method, bizContent });
    const count = (this.counts.get(method) ?? 0) + 1;
    this.counts.set(method, count);
    const answer = this.answers.get(method);
    if (!answer) return { statusCode: 500, data: 'no answer configured' };
    const [statusCode, response] = answer(bizContent, count);
    const inner = JSON.stringify(response);
    const key = `${method.replaceAll('.', '_')}_response`;
    return { statusCode, data: `{"${key}":${inner},"sign":"${this.sign(inner)}"}` };
  }
}
