import { createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';

/**
 * WeChat Pay API v3 cryptography on node:crypto (docs/payments.md says why no SDK):
 * requests are signed RSA-SHA256 with the merchant's API private key, answers and notifications
 * are verified RSA-SHA256 with the WeChat Pay public key (or platform certificate), and a
 * notification's `resource` is AEAD_AES_256_GCM-encrypted with the APIv3 key.
 */

/** The lines WeChat signs: every part followed by "\n". */
export function signatureMessage(parts: readonly string[]): string {
  return parts.map((part) => `${part}\n`).join('');
}

export function rsaSign(privateKeyPem: string, message: string): string {
  return createSign('RSA-SHA256').update(message).sign(privateKeyPem, 'base64');
}

export function rsaVerify(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(message)
      .verify(publicKeyPem, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function nonce(): string {
  return randomBytes(16).toString('hex');
}

/** The `Authorization` header of a request to api.mch.weixin.qq.com. */
export function authorization(
  merchant: { mchId: string; serialNo: string; privateKey: string },
  method: string,
  pathWithQuery: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000).toString(),
  nonceStr = nonce(),
): string {
  const signature = rsaSign(
    merchant.privateKey,
    signatureMessage([method, pathWithQuery, timestamp, nonceStr, body]),
  );
  return (
    `WECHATPAY2-SHA256-RSA2048 mchid="${merchant.mchId}",nonce_str="${nonceStr}",` +
    `signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`
  );
}

/** Verifies the Wechatpay-* headers of an answer or a notification over its exact body. */
export function verifyWechatpaySignature(
  publicKeyPem: string,
  headers: { timestamp: string; nonce: string; signature: string },
  body: string,
): boolean {
  return rsaVerify(
    publicKeyPem,
    signatureMessage([headers.timestamp, headers.nonce, body]),
    headers.signature,
  );
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

/** Decrypts a notification resource; throws when the key, nonce or tag does not fit. */
export function decryptResource(apiV3Key: string, resource: EncryptedResource): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM')
    throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(apiV3Key),
    Buffer.from(resource.nonce),
  );
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? ''));
  return Buffer.concat([
    decipher.update(data.subarray(0, data.length - 16)),
    decipher.final(),
  ]).toString('utf8');
}

/** The five fields wx.requestPayment (and WeixinJSBridge) take, signed for `appId`. */
export function requestPaymentParams(
  appId: string,
  prepayId: string,
  privateKeyPem: string,
  timeStamp = Math.floor(Date.now() / 1000).toString(),
  nonceStr = nonce(),
): { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string } {
  const pkg = `prepay_id=${prepayId}`;
  return {
    timeStamp,
    nonceStr,
    package: pkg,
    signType: 'RSA',
    paySign: rsaSign(privateKeyPem, signatureMessage([appId, timeStamp, nonceStr, pkg])),
  };
}
