import { createSecretKey } from 'node:crypto';

/**
 * The HS256 secret as a KeyObject. Given a plain string, jsonwebtoken first tries (and fails) to
 * parse it as a PEM public key on every verify; that throw-and-catch was the largest single cost of
 * an authenticated request in `npm run bench`.
 */
export function jwtVerificationKey(secret: string): string {
  // passport-jwt's types say string | Buffer, but it hands the key to jsonwebtoken, which takes a KeyObject.
  return createSecretKey(Buffer.from(secret, 'utf8')) as unknown as string;
}
