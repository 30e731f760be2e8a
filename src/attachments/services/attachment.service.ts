import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { toUnixSeconds } from '../../common/database/column-types.js';
import { AppError } from '../../common/errors/app-error.js';
import { AttachmentErrors } from '../attachments.errors.js';
import { AttachmentResponseDto } from '../dto/attachment.response.dto.js';
import { StaffAttachmentListQueryDto } from '../dto/attachment.request.dto.js';
import { Page } from '../../common/http/envelope.js';
import { pageAndTotal, pageWindow } from '../../common/pagination/page-query.dto.js';
import { Attachment } from '../entities/attachment.entity.js';
import { IMAGE_TYPES, sniffImage } from '../image-sniffer.js';
import { STORAGE_DRIVER } from '../storage/storage-driver.js';
import type { StorageDriver, StoredObject } from '../storage/storage-driver.js';

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

export interface OpenedUpload extends StoredObject {
  mimeType: string;
}

/** Image uploads (customers and staff) and serving them back. */
@Injectable()
export class AttachmentService {
  constructor(
    @InjectRepository(Attachment) private readonly attachments: Repository<Attachment>,
    @Inject(STORAGE_DRIVER) private readonly storage: StorageDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(uploader: Principal, request: FastifyRequest): Promise<AttachmentResponseDto> {
    const { bytes, fileName } = await this.readSingleFile(request);
    const image = sniffImage(bytes);
    if (!image) throw AttachmentErrors.notAnImage();

    const storageKey = `${monthFolder(new Date())}/${randomBytes(16).toString('hex')}.${image.ext}`;
    await this.storage.put(storageKey, bytes, image.mime);
    try {
      const saved = await this.attachments.save(
        this.attachments.create({
          uploaderType: uploader.kind === 'admin' ? 'admin' : 'user',
          uploaderId: uploader.id,
          fileName,
          storageKey,
          mimeType: image.mime,
          fileSize: bytes.length,
          width: image.width,
          height: image.height,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        }),
      );
      return this.toResponse(saved);
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
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
      .where("a.uploader_type = 'admin'")
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

  /** For GET /uploads/...: only well-formed keys are looked up, so no path ever escapes. */
  async open(key: string): Promise<OpenedUpload> {
    const match = STORAGE_KEY.exec(key);
    const object = match ? await this.storage.open(key) : undefined;
    if (!match || !object) throw AttachmentErrors.fileNotFound();
    return { ...object, mimeType: IMAGE_TYPES[match[1] as keyof typeof IMAGE_TYPES] };
  }

  /** The public URL of a stored key: PUBLIC_URL + path, or root-relative without PUBLIC_URL. */
  urlOf(storageKey: string): string {
    return `${this.config.publicUrl}/uploads/${storageKey}`;
  }

  private async readSingleFile(
    request: FastifyRequest,
  ): Promise<{ bytes: Buffer; fileName: string }> {
    if (!request.isMultipart()) throw AttachmentErrors.notMultipart();
    try {
      const part = await request.file();
      if (!part) throw AttachmentErrors.noFile();
      const chunks = part.fields.chunks;
      if (chunks && !Array.isArray(chunks) && chunks.type === 'field' && Number(chunks.value) > 1)
        throw AttachmentErrors.chunked();
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw AttachmentErrors.tooLarge(this.config.uploadMaxBytes);
      if (bytes.length === 0) throw AttachmentErrors.empty();
      return { bytes, fileName: cleanFileName(part.filename) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE')
        throw AttachmentErrors.tooLarge(this.config.uploadMaxBytes);
      if (code && MULTIPART_LIMIT_CODES.has(code))
        throw AttachmentErrors.badUpload('send exactly one file');
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw AttachmentErrors.notMultipart();
      if (error instanceof AppError) throw error;
      // Only the multipart parser runs in this block: anything else it throws (a missing
      // boundary, a body cut short, a malformed part header) is the client's malformed upload.
      throw AttachmentErrors.badUpload('the multipart body is malformed');
    }
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
