import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MultipartFile } from '@fastify/multipart';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import type { PersonActor } from '../../common/state-machine/actor.js';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { toUnixSeconds } from '../../common/database/column-types.js';
import { updateReturning } from '../../common/database/raw-sql.js';
import { AppError } from '../../common/errors/app-error.js';
import { AttachmentErrors } from '../attachments.errors.js';
import { AttachmentResponseDto } from '../dto/attachment.response.dto.js';
import { StaffAttachmentListQueryDto } from '../dto/attachment.request.dto.js';
import { Page } from '../../common/http/envelope.js';
import { pageAndTotal, pageWindow } from '../../common/pagination/page-query.dto.js';
import { Attachment } from '../entities/attachment.entity.js';
import { IMAGE_TYPES, sniffImage } from '../image-sniffer.js';
import type { StoredObject } from '../storage/storage-driver.js';
import { StorageService } from './storage.service.js';
import { AttachmentQueries } from '../attachment.queries.js';

/** The only key shape that exists: generated here, so anything else is simply not found. */
const STORAGE_KEY = /^\d{6}\/[0-9a-f]{32}\.(jpg|png|gif|webp)$/;

const MULTIPART_LIMIT_CODES = new Set(['FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

function monthFolder(now: Date): string {
  return `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Display-only; control characters and path parts dropped, length bounded. */
function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  return base.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 250);
}

/** Bytes to serve, or where the browser fetches them directly (S3: public base or presigned). */
export type OpenedUpload =
  (StoredObject & { mimeType: string }) | { redirect: string; mimeType: string };

/** Deleting an object after its row is gone: tries, 200 ms apart and doubling (deletes are idempotent). */
const OBJECT_DELETE_ATTEMPTS = 3;

/** Bytes held to recognise the image and read its size (a JPEG's frame header may follow EXIF). */
const SNIFF_BYTES = 256 * 1024;

/** Reads from the part until `limit` bytes (or its end); the rest stays in the iterator. */
async function readHead(
  source: AsyncIterator<Buffer>,
  limit: number,
): Promise<{ head: Buffer; ended: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < limit) {
    const next = await source.next();
    if (next.done) return { head: Buffer.concat(chunks), ended: true };
    chunks.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(chunks), ended: false };
}

async function drain(source: AsyncIterator<Buffer>): Promise<void> {
  while (!(await source.next()).done);
}

/** Image uploads (customers and staff) and serving them back. */
@Injectable()
export class AttachmentService {
  private readonly logger = new Logger('Attachments');

  constructor(
    @InjectRepository(Attachment) private readonly attachments: Repository<Attachment>,
    private readonly storage: StorageService,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Streams the file to storage while hashing and counting it: only the first SNIFF_BYTES are
   * held (to recognise the image), then one chunk (local disk) or one 5 MiB part (S3) at a time.
   * The row is written after the bytes are stored; if that fails the object is removed again.
   */
  async upload(uploader: PersonActor, request: FastifyRequest): Promise<AttachmentResponseDto> {
    const part = await this.openFilePart(request);
    const source = part.file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const { head, ended } = await this.guard(() => readHead(source, SNIFF_BYTES));
    const image = sniffImage(head);
    if (!image) {
      if (!ended) await this.guard(() => drain(source));
      if (part.file.truncated) throw AttachmentErrors.tooLarge(this.config.uploadMaxBytes);
      if (head.length === 0) throw AttachmentErrors.empty();
      throw AttachmentErrors.notAnImage();
    }

    const driver = await this.storage.refresh().catch((error: unknown) => {
      this.logger.warn({ msg: 'storage settings unusable for an upload', error: String(error) });
      throw AttachmentErrors.storageUnavailable();
    });
    const storageKey = `${monthFolder(new Date())}/${randomBytes(16).toString('hex')}.${image.ext}`;
    const sha256 = createHash('sha256');
    let fileSize = 0;
    const toClientError = (error: unknown) => this.clientFailure(error);
    const body = Readable.from(
      (async function* () {
        sha256.update(head);
        fileSize += head.length;
        yield head;
        if (ended) return;
        for (;;) {
          // The parser's failures (too large, cut short) are the client's: told as such.
          const next = await source.next().catch((error: unknown) => {
            throw toClientError(error);
          });
          if (next.done) return;
          sha256.update(next.value);
          fileSize += next.value.length;
          yield next.value;
        }
      })(),
      { objectMode: false },
    );
    try {
      await driver.put(storageKey, body, image.mime);
      if (part.file.truncated) throw AttachmentErrors.tooLarge(this.config.uploadMaxBytes);
    } catch (error) {
      await driver.delete(storageKey).catch(() => undefined);
      throw this.uploadFailure(error, driver.kind);
    }
    try {
      const saved = await this.attachments.save(
        this.attachments.create({
          uploaderType: ACTOR_SPELLINGS.senderType[uploader.role],
          uploaderId: uploader.id,
          fileName: cleanFileName(part.filename),
          storageKey,
          mimeType: image.mime,
          fileSize,
          width: image.width,
          height: image.height,
          sha256: sha256.digest('hex'),
        }),
      );
      return this.toResponse(saved);
    } catch (error) {
      await driver.delete(storageKey).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The staff panel's image library (`attachment/list`): images staff uploaded, newest first;
   * `q` searches file names. One statement with its total.
   */
  async staffList(query: StaffAttachmentListQueryDto): Promise<Page<AttachmentResponseDto>> {
    const qb = this.attachments
      .createQueryBuilder('a')
      .where(`a.uploader_type = '${ACTOR_SPELLINGS.senderType.staff}'`)
      .orderBy('a.id', 'DESC');
    if (query.q)
      qb.andWhere(`a.file_name ILIKE :q ESCAPE '\\'`, {
        q: `%${query.q.replace(/[\\%_]/g, '\\$&')}%`,
      });
    const [rows, total] = await pageAndTotal(qb, pageWindow(query));
    return new Page(
      rows.map((row) => this.toResponse(row)),
      total,
    );
  }

  /**
   * Removes an attachment: the row (and an audit entry) in one transaction, then, after the
   * commit, the stored object (never a remote call inside the transaction). A failed object
   * delete is retried a few times and then logged: an orphan object, never a row pointing at
   * nothing. URLs already placed in messages or products then answer 404.
   */
  async remove(id: number): Promise<null> {
    const storageKey = await this.dataSource.transaction(async (manager) => {
      const [row] = await updateReturning<{ storage_key: string }>(
        manager,
        AttachmentQueries.delete,
        [id],
      );
      if (!row) throw AttachmentErrors.attachmentNotFound(id);
      await this.audit.record(manager, {
        action: 'attachment.delete',
        entityType: 'attachment',
        entityId: id,
        details: { storage_key: row.storage_key },
      });
      return row.storage_key;
    });
    await this.deleteObject(storageKey);
    return null;
  }

  private async deleteObject(storageKey: string): Promise<void> {
    const driver = this.storage.driver();
    for (let attempt = 1; ; attempt++) {
      try {
        await driver.delete(storageKey);
        return;
      } catch (error) {
        if (attempt >= OBJECT_DELETE_ATTEMPTS) {
          this.logger.warn({
            msg: 'stored object not deleted (orphan); the attachment row is gone',
            storage_type: driver.kind,
            storage_key: storageKey,
            error: String(error),
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  /** For GET /uploads/...: only well-formed keys are looked up, so no path ever escapes. */
  async open(key: string): Promise<OpenedUpload> {
    const match = STORAGE_KEY.exec(key);
    if (!match) throw AttachmentErrors.fileNotFound();
    const mimeType = IMAGE_TYPES[match[1] as keyof typeof IMAGE_TYPES];
    const driver = this.storage.driver();
    const direct = await driver.directUrl(key);
    if (direct !== undefined) return { redirect: direct, mimeType };
    let object = await driver.open(key);
    if (!object) {
      // Another instance may have switched to a bucket since this one last looked.
      const now = await this.storage.refresh().catch(() => driver);
      if (now !== driver) return this.open(key);
      object = undefined;
    }
    if (!object) throw AttachmentErrors.fileNotFound();
    return { ...object, mimeType };
  }

  /** The public URL of a stored key: PUBLIC_URL + path, or root-relative without PUBLIC_URL. */
  urlOf(storageKey: string): string {
    return `${this.config.publicUrl}/uploads/${storageKey}`;
  }

  private async openFilePart(request: FastifyRequest): Promise<MultipartFile> {
    if (!request.isMultipart()) throw AttachmentErrors.notMultipart();
    const part = await this.guard(() => request.file());
    if (!part) throw AttachmentErrors.noFile();
    // The staff panel's upload dialog sends big files in chunks; only whole files are taken.
    const chunks = part.fields.chunks;
    if (chunks && !Array.isArray(chunks) && chunks.type === 'field' && Number(chunks.value) > 1)
      throw AttachmentErrors.chunked();
    return part;
  }

  /** Runs a step of reading the multipart body, turning the parser's errors into ours. */
  private async guard<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw this.clientFailure(error);
    }
  }

  /**
   * Only the multipart parser runs where this is used: anything it throws besides its limits (a
   * missing boundary, a body cut short, a malformed part header) is the client's malformed upload.
   */
  private clientFailure(error: unknown): AppError {
    if (error instanceof AppError) return error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      return AttachmentErrors.tooLarge(this.config.uploadMaxBytes);
    if (code && MULTIPART_LIMIT_CODES.has(code))
      return AttachmentErrors.badUpload('send exactly one file');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return AttachmentErrors.notMultipart();
    return AttachmentErrors.badUpload('the multipart body is malformed');
  }

  /** The body failed (already the client's error) or the store did (logged, told as such). */
  private uploadFailure(error: unknown, kind: string): AppError {
    if (error instanceof AppError) return error;
    // lib-storage may wrap the body's error.
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof AppError) return cause;
    this.logger.warn({ msg: 'storing an upload failed', storage_type: kind, error: String(error) });
    return AttachmentErrors.storageUnavailable();
  }

  private toResponse(row: Attachment): AttachmentResponseDto {
    const url = this.urlOf(row.storageKey);
    return {
      id: row.id,
      user_id: row.uploaderId,
      uploader_type: row.uploaderType,
      file_name: row.fileName,
      file_location: `uploads/${row.storageKey}`,
      file_size: row.fileSize,
      mime_type: row.mimeType,
      width: row.width,
      height: row.height,
      is_image: 1,
      url,
      logo: url,
      thumb: url,
      created_time: toUnixSeconds(row.createdTime),
    };
  }
}
