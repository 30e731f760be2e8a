/**
 * Where attachments are stored: AnqiCMS's storage setting fields (`storage_type`, `s3_*`), saved
 * by staff, with environment variables named after them in upper case (`STORAGE_TYPE`,
 * `S3_BUCKET`, …) winning field by field. Local disk is the default.
 */
export const STORAGE_TYPES = ['local', 's3'] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

export type StorageFieldKind = 'text' | 'secret' | 'bool' | 'url';

/** Every field on the wire, each settable by its upper-case environment variable. */
export const STORAGE_FIELDS: readonly { name: string; kind: StorageFieldKind }[] = [
  { name: 'storage_type', kind: 'text' },
  { name: 's3_endpoint', kind: 'url' },
  { name: 's3_region', kind: 'text' },
  { name: 's3_bucket', kind: 'text' },
  { name: 's3_access_key', kind: 'secret' },
  { name: 's3_secret_key', kind: 'secret' },
  { name: 's3_force_path_style', kind: 'bool' },
  { name: 's3_public_url', kind: 'url' },
];

export const storageEnvVarOf = (field: string): string => field.toUpperCase();

export interface S3Settings {
  /** '' = AWS's own endpoint for the region. */
  endpoint: string;
  region: string;
  bucket: string;
  /** '' (both) = the SDK's default credential chain (instance role, AWS_* variables). */
  accessKey: string;
  secretKey: string;
  forcePathStyle: boolean;
  /** A public base for the bucket (CDN, public bucket); '' = short-lived presigned URLs. */
  publicUrl: string;
}

export type StorageSettings = { type: 'local' } | { type: 's3'; s3: S3Settings };

/** A setting that cannot work, naming the field (and the variable when it came from one). */
export class StorageSettingsError extends Error {
  constructor(
    readonly field: string,
    readonly why: string,
    readonly variable?: string,
  ) {
    super(`${variable ?? field}: ${why}`);
  }
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[A-Za-z0-9-]{1,64}$/;
const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

function text(raw: Record<string, unknown>, name: string): string {
  const value = raw[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Stored values, then the environment's over them; `sources` says which came from a variable. */
export function mergeStorageSettings(
  stored: Record<string, unknown>,
  env: Readonly<Record<string, string>>,
): { raw: Record<string, unknown>; fromEnv: Set<string> } {
  const raw: Record<string, unknown> = { ...stored };
  const fromEnv = new Set<string>();
  for (const field of STORAGE_FIELDS) {
    const value = env[storageEnvVarOf(field.name)];
    if (value === undefined) continue;
    fromEnv.add(field.name);
    if (field.kind === 'bool') {
      if (!TRUE.test(value) && !FALSE.test(value))
        throw new StorageSettingsError(
          field.name,
          `must be true or false, got "${value}"`,
          storageEnvVarOf(field.name),
        );
      raw[field.name] = TRUE.test(value);
    } else raw[field.name] = value;
  }
  return { raw, fromEnv };
}

function checkUrl(name: string, value: string, fromEnv: Set<string>): string {
  if (value === '') return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw errorOf(name, `"${value}" is not a URL`, fromEnv);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw errorOf(name, 'must be an http:// or https:// URL', fromEnv);
  if (url.username || url.password || url.search || url.hash)
    throw errorOf(name, 'must not carry credentials, a query or a fragment', fromEnv);
  return value.replace(/\/+$/, '');
}

function errorOf(field: string, why: string, fromEnv: Set<string>): StorageSettingsError {
  return new StorageSettingsError(
    field,
    why,
    fromEnv.has(field) ? storageEnvVarOf(field) : undefined,
  );
}

/** The effective settings, or a StorageSettingsError naming what cannot work. */
export function resolveStorageSettings(
  raw: Record<string, unknown>,
  fromEnv: Set<string> = new Set(),
): StorageSettings {
  const type = text(raw, 'storage_type') || 'local';
  if (!(STORAGE_TYPES as readonly string[]).includes(type))
    throw errorOf(
      'storage_type',
      `must be one of ${STORAGE_TYPES.join(', ')}, got "${type}"`,
      fromEnv,
    );
  if (type === 'local') return { type: 'local' };

  const bucket = text(raw, 's3_bucket');
  if (!bucket) throw errorOf('s3_bucket', 'is required when storage_type is s3', fromEnv);
  if (!BUCKET.test(bucket))
    throw errorOf(
      's3_bucket',
      `"${bucket}" is not a bucket name (3-63 lower-case letters, digits, dots, hyphens)`,
      fromEnv,
    );
  const region = text(raw, 's3_region') || 'us-east-1';
  if (!REGION.test(region))
    throw errorOf('s3_region', `"${region}" is not a region name (e.g. us-east-1, auto)`, fromEnv);
  const accessKey = text(raw, 's3_access_key');
  const secretKey = text(raw, 's3_secret_key');
  if ((accessKey === '') !== (secretKey === ''))
    throw errorOf(
      accessKey === '' ? 's3_access_key' : 's3_secret_key',
      's3_access_key and s3_secret_key must be set together',
      fromEnv,
    );
  const pathStyle = raw.s3_force_path_style;
  return {
    type: 's3',
    s3: {
      endpoint: checkUrl('s3_endpoint', text(raw, 's3_endpoint'), fromEnv),
      region,
      bucket,
      accessKey,
      secretKey,
      forcePathStyle: pathStyle === true || pathStyle === 1 || pathStyle === '1',
      publicUrl: checkUrl('s3_public_url', text(raw, 's3_public_url'), fromEnv),
    },
  };
}
