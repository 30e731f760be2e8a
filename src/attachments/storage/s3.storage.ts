import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { OnApplicationShutdown } from '@nestjs/common';
import { Readable } from 'node:stream';
import { PRESIGNED_URL_SECONDS } from './s3-facts.js';
import { S3Settings } from './storage-settings.js';
import { StorageDriver, StoredObject } from './storage-driver.js';

/** S3's smallest multipart part: the most one upload holds in memory (queue size 1). */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * Any S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Aliyun OSS and Tencent COS in S3 mode).
 * Uploads stream through @aws-sdk/lib-storage in 5 MiB parts, one at a time, so an upload never
 * holds more than one part; a failed stream aborts the multipart upload (no partial object).
 */
export class S3Storage implements StorageDriver, OnApplicationShutdown {
  readonly kind = 's3';
  readonly client: S3Client;

  constructor(readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint || undefined,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKey
        ? { accessKeyId: settings.accessKey, secretAccessKey: settings.secretKey }
        : undefined,
      // Since 3.729 the SDK adds CRC32 checksums to every upload and validates them on reads;
      // many S3-compatible servers (older MinIO, R2, OSS, COS) refuse or mangle them. Only
      // where an operation requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }

  /** Start-up check: the bucket exists and the keys may use it (a clear error otherwise). */
  async checkBucket(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
  }

  async put(key: string, body: Readable, mimeType: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: key, Body: body, ContentType: mimeType },
      partSize: PART_SIZE,
      queueSize: 1,
      leavePartsOnError: false,
    });
    // A failing source (too large, client gone) must end the upload, not leave it waiting.
    const abort = (): void => void upload.abort().catch(() => undefined);
    body.once('error', abort);
    try {
      await upload.done();
    } finally {
      body.off('error', abort);
    }
  }

  async open(key: string): Promise<StoredObject | undefined> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }),
      );
      return { stream: answer.Body as Readable, size: Number(answer.ContentLength ?? 0) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Size of an object, or undefined when there is none (the migration command skips those). */
  async sizeOf(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }),
      );
      return Number(head.ContentLength ?? 0);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async directUrl(key: string): Promise<string> {
    if (this.settings.publicUrl) return `${this.settings.publicUrl}/${key}`;
    return getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }),
      { expiresIn: PRESIGNED_URL_SECONDS },
    );
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

export { describeS3Failure, PRESIGNED_URL_SECONDS } from './s3-facts.js';
