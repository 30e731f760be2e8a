import { AppError } from '../common/errors/app-error.js';

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Error catalogue of the attachments module. */
export const AttachmentErrors = {
  notMultipart: () =>
    new AppError(
      'ATTACHMENT.NOT_MULTIPART',
      'Send the file as multipart/form-data (field name "file")',
    ),
  noFile: () =>
    new AppError('ATTACHMENT.NO_FILE', 'No file in the upload; send it in the field "file"'),
  tooLarge: (maxBytes: number) =>
    new AppError(
      'ATTACHMENT.TOO_LARGE',
      `The file is too large; the limit is ${megabytes(maxBytes)}`,
      undefined,
      { max_bytes: maxBytes },
    ),
  empty: () => new AppError('ATTACHMENT.EMPTY', 'The file is empty'),
  notAnImage: () =>
    new AppError(
      'ATTACHMENT.NOT_AN_IMAGE',
      'Only images can be uploaded (JPEG, PNG, GIF or WebP); the file content is not one of them',
    ),
  badUpload: (why: string) => new AppError('ATTACHMENT.BAD_UPLOAD', `Bad upload: ${why}`),
};
