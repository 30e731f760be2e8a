import {
  mergeStorageSettings,
  resolveStorageSettings,
  StorageSettingsError,
} from './storage-settings.js';

const resolve = (stored: Record<string, unknown>, env: Record<string, string> = {}) => {
  const { raw, fromEnv } = mergeStorageSettings(stored, env);
  return resolveStorageSettings(raw, fromEnv);
};

describe('storage settings', () => {
  it('is local disk by default', () => {
    expect(resolve({})).toEqual({ type: 'local' });
  });

  it('lets variables win field by field over stored values', () => {
    const settings = resolve(
      { storage_type: 's3', s3_bucket: 'stored-bucket', s3_region: 'eu-west-1' },
      {
        S3_BUCKET: 'env-bucket',
        S3_FORCE_PATH_STYLE: 'yes',
        S3_PUBLIC_URL: 'https://cdn.example.com/',
      },
    );
    expect(settings).toEqual({
      type: 's3',
      s3: {
        endpoint: '',
        region: 'eu-west-1',
        bucket: 'env-bucket',
        accessKey: '',
        secretKey: '',
        forcePathStyle: true,
        publicUrl: 'https://cdn.example.com',
      },
    });
  });

  it('names the variable when the bad value came from one, the field otherwise', () => {
    expect(() => resolve({}, { STORAGE_TYPE: 's3', S3_BUCKET: 'x' })).toThrow(
      'S3_BUCKET: "x" is not a bucket name',
    );
    expect(() => resolve({ storage_type: 's3', s3_bucket: 'x' })).toThrow(
      's3_bucket: "x" is not a bucket name',
    );
    try {
      resolve({ storage_type: 's3', s3_bucket: 'ok-bucket', s3_endpoint: 'https://u:p@minio' });
    } catch (error) {
      expect(error).toBeInstanceOf(StorageSettingsError);
      expect((error as StorageSettingsError).field).toBe('s3_endpoint');
    }
  });

  it('wants both keys or neither', () => {
    expect(() =>
      resolve({ storage_type: 's3', s3_bucket: 'ok-bucket', s3_secret_key: 'only-secret' }),
    ).toThrow('s3_access_key: s3_access_key and s3_secret_key must be set together');
  });
});
