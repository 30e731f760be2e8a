import { errorEntry } from '../common/errors/app-error.js';

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Error catalogue of the attachments module. */
export const AttachmentErrors = {
  notMultipart: errorEntry(
    'ATTACHMENT.NOT_MULTIPART',
    () => 'Send the file as multipart/form-data (field name "file")',
  ),
  noFile: errorEntry(
    'ATTACHMENT.NO_FILE',
    () => 'No file in the upload; send it in the field "file"',
  ),
  tooLarge: errorEntry('ATTACHMENT.TOO_LARGE', (maxBytes: number) => ({
    message: `The file is too large; the limit is ${megabytes(maxBytes)}`,
    details: { max_bytes: maxBytes },
  })),
  empty: errorEntry('ATTACHMENT.EMPTY', () => 'The file is empty'),
  notAnImage: errorEntry(
    'ATTACHMENT.NOT_AN_IMAGE',
    () =>
      'Only images can be uploaded (JPEG, PNG, GIF or WebP); the file content is not one of them',
  ),
  /** The staff panel sends files over 2 MB in pieces (`chunks`); pieces are not reassembled. */
  chunked: errorEntry(
    'ATTACHMENT.CHUNKED',
    () => 'Uploads in several pieces (chunks) are not supported: upload images of at most 2 MB',
  ),
  badUpload: errorEntry('ATTACHMENT.BAD_UPLOAD', (why: string) => `Bad upload: ${why}`),
  storageUnavailable: errorEntry(
    'ATTACHMENT.STORAGE_UNAVAILABLE',
    () => 'The file store is not reachable right now; nothing was stored, try again shortly',
    { httpStatus: 503 },
  ),
  invalidStorageSetting: errorEntry('STORAGE.INVALID_SETTING', (field: string, why: string) => ({
    message: `${field}: ${why}`,
    details: { field },
  })),
  storageSettingFromEnv: errorEntry(
    'STORAGE.SETTING_FROM_ENV',
    (field: string, variable: string) => ({
      message: `${field} is set by the ${variable} environment variable and cannot be changed here`,
      details: { field },
    }),
  ),
  attachmentNotFound: errorEntry('ATTACHMENT.UNKNOWN', (id: number) => ({
    message: `No attachment with id ${id}`,
    details: { id },
  })),
  /** GET /uploads/...: a raw route, so browsers and caches get a real 404. */
  fileNotFound: errorEntry('ATTACHMENT.NOT_FOUND', () => 'File not found', { httpStatus: 404 }),
};

/** What an upload can answer, on every upload route (the customer's, the staff panel's dialog). */
export const UPLOAD_ERRORS = [
  AttachmentErrors.notMultipart,
  AttachmentErrors.noFile,
  AttachmentErrors.tooLarge,
  AttachmentErrors.empty,
  AttachmentErrors.notAnImage,
  AttachmentErrors.chunked,
  AttachmentErrors.badUpload,
  AttachmentErrors.storageUnavailable,
];
