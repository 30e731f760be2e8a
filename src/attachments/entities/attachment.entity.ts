import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedRow } from '../../common/database/base.entity.js';

export const UPLOADER_TYPES = ['user', 'admin'] as const;
export type UploaderType = (typeof UPLOADER_TYPES)[number];

/** One uploaded file: who uploaded it, where the storage driver keeps it, what it is. */
@Entity('attachments')
@Check('chk_attachments_uploader_type', `"uploader_type" IN ('user', 'admin')`)
@Check('chk_attachments_file_size', '"file_size" > 0')
@Index('idx_attachments_uploader', ['uploaderType', 'uploaderId', 'id'])
@Index('uq_attachments_storage_key', ['storageKey'], { unique: true })
export class Attachment extends CreatedRow {
  @Column({ type: 'varchar', length: 8 })
  uploaderType: UploaderType;

  @Column({ type: 'int' })
  uploaderId: number;

  /** The client's file name, for display only (never used to pick a path or a type). */
  @Column({ type: 'varchar', length: 250, default: '' })
  fileName: string;

  /** Key inside the storage driver, e.g. `202611/3f9c….png`; the URL path is `/uploads/<key>`. */
  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  /** Sniffed from the bytes. */
  @Column({ type: 'varchar', length: 32 })
  mimeType: string;

  @Column({ type: 'int' })
  fileSize: number;

  @Column({ type: 'int', default: 0 })
  width: number;

  @Column({ type: 'int', default: 0 })
  height: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;
}
