import type { FastifyRequest } from 'fastify';
import { isSameOriginRequest, isTrustedOriginRequest } from './same-origin.js';

function request(headers: Record<string, string>, host = 'shop.example:3000'): FastifyRequest {
  return { headers, protocol: 'http', host } as unknown as FastifyRequest;
}

describe('isSameOriginRequest', () => {
  it('follows Sec-Fetch-Site when the browser sends it', () => {
    expect(isSameOriginRequest(request({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(isSameOriginRequest(request({ 'sec-fetch-site': 'none' }))).toBe(true);
    expect(isSameOriginRequest(request({ 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(isSameOriginRequest(request({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
    // Sec-Fetch-Site wins over a matching Origin (a sibling subdomain is another origin).
    expect(
      isSameOriginRequest(
        request({ 'sec-fetch-site': 'same-site', origin: 'http://shop.example:3000' }),
      ),
    ).toBe(false);
  });

  it('else compares Origin with the request’s own origin, or PUBLIC_URL’s', () => {
    expect(isSameOriginRequest(request({ origin: 'http://shop.example:3000' }))).toBe(true);
    expect(isSameOriginRequest(request({ origin: 'HTTP://Shop.Example:3000' }))).toBe(true);
    expect(isSameOriginRequest(request({ origin: 'http://evil.example' }))).toBe(false);
    expect(isSameOriginRequest(request({ origin: 'null' }))).toBe(false);
    const behindProxy = request({ origin: 'https://shop.example' }, '10.0.0.5:3000');
    expect(isSameOriginRequest(behindProxy)).toBe(false);
    expect(isSameOriginRequest(behindProxy, 'https://shop.example/')).toBe(true);
  });

  it('lets a request without either header through (no browser sends such a cross-site post)', () => {
    expect(isSameOriginRequest(request({}))).toBe(true);
  });
});

describe('isTrustedOriginRequest (the API with the token cookie)', () => {
  const cors = ['https://app.example'];

  it('trusts our origin and the CORS origins, by Origin', () => {
    expect(isTrustedOriginRequest(request({ origin: 'http://shop.example:3000' }), '', cors)).toBe(
      true,
    );
    expect(isTrustedOriginRequest(request({ origin: 'https://app.example' }), '', cors)).toBe(true);
    expect(isTrustedOriginRequest(request({ origin: 'https://evil.example' }), '', cors)).toBe(
      false,
    );
    expect(isTrustedOriginRequest(request({ origin: 'null' }), '', true)).toBe(false);
    // CORS_ORIGINS=* lets any origin send credentials: the operator's choice.
    expect(isTrustedOriginRequest(request({ origin: 'https://any.example' }), '', true)).toBe(true);
    expect(isTrustedOriginRequest(request({ origin: 'https://app.example' }), '', false)).toBe(
      false,
    );
  });

  it('without Origin, wants Sec-Fetch-Site same-origin or none, or no browser at all', () => {
    expect(isTrustedOriginRequest(request({ 'sec-fetch-site': 'same-origin' }), '', cors)).toBe(
      true,
    );
    expect(isTrustedOriginRequest(request({ 'sec-fetch-site': 'same-site' }), '', cors)).toBe(
      false,
    );
    expect(isTrustedOriginRequest(request({}), '', cors)).toBe(true);
  });
});
