import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { UserErrors } from '../users.errors.js';

const KEY_LENGTH = 64;
const PARAMS = { N: 16384, r: 8, p: 1 };

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 64 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/** scrypt (slow, salted, memory-hard), stored as `scrypt$N$r$p$salt$hash` so parameters can grow later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Compared against when the account does not exist, so timing does not reveal which names exist. */
export const DUMMY_PASSWORD_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(KEY_LENGTH).toString('base64');

/**
 * A password change by its owner (customer or staff): the current password must match and the
 * new one differ. Returns the new hash; the caller stores it and bumps the token version.
 */
export async function replacePassword(
  input: { old_password: string; password: string },
  currentHash: string,
): Promise<string> {
  if (!(await verifyPassword(input.old_password, currentHash))) throw UserErrors.wrongOldPassword();
  if (input.old_password === input.password) throw UserErrors.samePassword();
  return hashPassword(input.password);
}
