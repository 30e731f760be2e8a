import { OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageDriver, StoredObject } from './storage-driver.js';

/** Files under one root directory (DATA_DIR/uploads), one sub-directory per month. */
export class LocalDiskStorage implements StorageDriver, OnApplicationShutdown {
  readonly kind = 'local';
  readonly root: string;

  /** @param ephemeral remove the whole root on shutdown (DATA_DIR=memory://: keep nothing). */
  constructor(
    root: string,
    private readonly ephemeral = false,
  ) {
    this.root = resolve(root);
  }

  /** DATA_DIR/uploads; with DATA_DIR=memory:// a private temp directory removed on shutdown. */
  static forDataDir(dataDir: string): LocalDiskStorage {
    if (dataDir === 'memory://') {
      return new LocalDiskStorage(mkdtempSync(join(tmpdir(), 'custom-order-uploads-')), true);
    }
    return new LocalDiskStorage(join(dataDir, 'uploads'));
  }

  onApplicationShutdown(): void {
    if (this.ephemeral) rmSync(this.root, { recursive: true, force: true });
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    // Write aside, then rename: a reader never sees a half-written file.
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await pipeline(body, createWriteStream(temporary, { flags: 'wx', mode: 0o644 }));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Served by the service itself (GET /uploads/...). */
  directUrl(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  async open(key: string): Promise<StoredObject | undefined> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      return { stream: createReadStream(path), size: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Keys are validated by the caller; this is the last line against path traversal. */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return path;
  }
}
