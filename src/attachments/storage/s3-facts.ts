/**
 * What the rest of the app needs to know about the S3 driver without importing it (and with it
 * the AWS SDK, which s3.storage.ts imports and which is loaded only once a bucket is used).
 */

/** Presigned GET links live this long; GET /uploads/... hands out a fresh one each time. */
export const PRESIGNED_URL_SECONDS = 300;

/** A start-up or save failure, told without the keys and in a few words. */
export function describeS3Failure(error: unknown): string {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'CredentialsProviderError')
    return 'no keys: set s3_access_key and s3_secret_key (or give the process AWS credentials)';
  if (status === 404 || e.name === 'NotFound' || e.name === 'NoSuchBucket')
    return 'the bucket does not exist';
  if (status === 403 || status === 401) return 'access denied (check the keys and the bucket)';
  if (e.code && ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'].includes(e.code))
    return `the endpoint is unreachable (${e.code})`;
  if (e.name === 'TimeoutError') return 'the endpoint did not answer in time';
  return `the bucket check failed (${e.name ?? 'error'}${status ? `, HTTP ${status}` : ''})`;
}
