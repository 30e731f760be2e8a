import nock from 'nock';
import {
  createCipheriv,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';

/**
 * WeChat Pay as the service meets it, built from keys generated here: the merchant's key pair
 * (the service signs with its private half; this fake verifies every request's Authorization with
 * the public half), the platform key pair (this fake signs answers and notifications exactly as
 * WeChat Pay does: RSA-SHA256 over "timestamp\nnonce\nbody\n"), and the APIv3 key that encrypts
 * notification resources (AEAD_AES_256_GCM). HTTP is intercepted by nock; nothing leaves the host.
 */
export class WechatPayFake {
  readonly merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly apiV3Key = randomBytes(16).toString('hex');
  readonly mchId = '1900000109';
  readonly appId = 'wxd678efh567hg6787';
  readonly weappId = 'wx8888888888888888';
  readonly serialNo = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
  readonly platformSerial = 'PUB_KEY_ID_0114232134912410000';
  /** A platform certificate's key, the one WeChat signs with before a merchant's key migration. */
  readonly certificate = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly certificateSerial = '3775B6A45ACD588826D15E583A95F5DD12345678';
  /** Which key signs answers and notifications from now on (`certificate`: the old one). */
  signer: 'public-key' | 'certificate' = 'public-key';
  /** How old (seconds) the timestamp of the next answers is: a stale answer when > 300. */
  answerAge = 0;
  /** Every request the service made, with its parsed body. */
  readonly requests: { method: string; path: string; body: any }[] = [];
  readonly scope = nock('https://api.mch.weixin.qq.com').persist();

  settings(): Record<string, string> {
    return {
      wechat_app_id: this.appId,
      weapp_app_id: this.weappId,
      wechat_mch_id: this.mchId,
      wechat_serial_no: this.serialNo,
      wechat_private_key: this.merchant.privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }) as string,
      wechat_api_v3_key: this.apiV3Key,
      wechat_platform_public_key: this.platform.publicKey.export({
        type: 'spki',
        format: 'pem',
      }) as string,
      wechat_platform_serial: this.platformSerial,
    };
  }

  merchantPublicPem(): string {
    return this.merchant.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  /** Headers WeChat Pay signs an answer or a notification with. */
  signedHeaders(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
    const nonce = randomBytes(16).toString('hex');
    const old = this.signer === 'certificate';
    const signature = createSign('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .sign(old ? this.certificate.privateKey : this.platform.privateKey, 'base64');
    return {
      'wechatpay-timestamp': String(timestamp),
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': old ? this.certificateSerial : this.platformSerial,
      'content-type': 'application/json',
    };
  }

  /** Checks the service's Authorization header over what it sent; throws when it does not verify. */
  private verifyRequest(method: string, path: string, body: string, auth: string): void {
    const fields = Object.fromEntries(
      [...auth.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]),
    );
    const ok =
      auth.startsWith('WECHATPAY2-SHA256-RSA2048 ') &&
      fields.mchid === this.mchId &&
      fields.serial_no === this.serialNo &&
      createVerify('RSA-SHA256')
        .update(`${method}\n${path}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`)
        .verify(this.merchantPublicPem(), Buffer.from(fields.signature, 'base64'));
    if (!ok) throw new Error(`request to ${path} is not signed by the merchant key`);
  }

  /**
   * Answers `method path` (a RegExp for paths with ids) with `answer(body)`; `status` may be a
   * function of the call count (to fail the first call).
   */
  on(
    method: 'GET' | 'POST',
    path: string | RegExp,
    answer: (body: any, count: number) => [number, unknown],
  ): void {
    let count = 0;
    // nock hands the intercepted request to the reply function as `this`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const fake = this;
    const handler = function (
      this: { req: { headers: Record<string, string> } },
      uri: string,
      body: unknown,
    ) {
      count += 1;
      const text =
        body === undefined || body === ''
          ? ''
          : typeof body === 'string'
            ? body
            : JSON.stringify(body);
      fake.verifyRequest(method, uri, text, fake.headerOf(this.req.headers, 'authorization'));
      const parsed = text ? JSON.parse(text) : undefined;
      fake.requests.push({ method, path: uri, body: parsed });
      const [status, reply] = answer(parsed, count);
      const replyText = JSON.stringify(reply);
      const signedAt = Math.floor(Date.now() / 1000) - fake.answerAge;
      return [status, replyText, fake.signedHeaders(replyText, signedAt)] as [
        number,
        string,
        Record<string, string>,
      ];
    };
    if (method === 'GET') this.scope.get(path).reply(handler as any);
    else this.scope.post(path).reply(handler as any);
  }

  private headerOf(headers: Record<string, string | string[]>, name: string): string {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : (value ?? '');
  }

  /** A notification exactly as WeChat Pay sends it: encrypted resource, signed envelope. */
  notification(
    eventType: string,
    resource: Record<string, unknown>,
    options: { key?: string; timestamp?: number } = {},
  ): { body: string; headers: Record<string, string> } {
    const nonce = randomBytes(6).toString('hex');
    const associated = 'transaction';
    const cipher = createCipheriv(
      'aes-256-gcm',
      Buffer.from(options.key ?? this.apiV3Key),
      Buffer.from(nonce),
    );
    cipher.setAAD(Buffer.from(associated));
    const encrypted = Buffer.concat([
      cipher.update(JSON.stringify(resource)),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const body = JSON.stringify({
      id: randomBytes(8).toString('hex'),
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: '支付成功',
      resource: {
        original_type: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: encrypted.toString('base64'),
        associated_data: associated,
        nonce,
      },
    });
    return { body, headers: this.signedHeaders(body, options.timestamp) };
  }

  /** The decrypted resource of a successful payment of `payment`. */
  transaction(
    payment: { payment_id: string; amount: number },
    appId: string,
    overrides: Record<string, unknown> = {},
  ) {
    return {
      appid: appId,
      mchid: this.mchId,
      out_trade_no: payment.payment_id,
      transaction_id: `4200000${randomBytes(8).toString('hex')}`,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      success_time: new Date().toISOString(),
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: {
        total: payment.amount,
        payer_total: payment.amount,
        currency: 'CNY',
        payer_currency: 'CNY',
      },
      ...overrides,
    };
  }

  done(): void {
    nock.cleanAll();
  }
}
