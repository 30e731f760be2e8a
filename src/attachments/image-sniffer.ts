/**
 * Recognises an image from its first bytes (magic numbers), never from the file name or the
 * client's Content-Type, and reads its pixel size from the header where that is cheap.
 */
export interface SniffedImage {
  mime: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
  ext: 'jpg' | 'png' | 'gif' | 'webp';
  width: number;
  height: number;
}

export const IMAGE_TYPES: Record<SniffedImage['ext'], SniffedImage['mime']> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Buffer, signature: number[], offset = 0): boolean {
  return (
    bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b)
  );
}

function ascii(bytes: Buffer, start: number, end: number): string {
  return bytes.length >= end ? bytes.toString('latin1', start, end) : '';
}

export function sniffImage(bytes: Buffer): SniffedImage | undefined {
  if (startsWith(bytes, PNG_SIGNATURE) && ascii(bytes, 12, 16) === 'IHDR') {
    return {
      mime: 'image/png',
      ext: 'png',
      width: bytes.readUInt32BE(16),
      height: bytes.readUInt32BE(20),
    };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    const size = jpegSize(bytes);
    return { mime: 'image/jpeg', ext: 'jpg', width: size?.[0] ?? 0, height: size?.[1] ?? 0 };
  }
  const gif = ascii(bytes, 0, 6);
  if ((gif === 'GIF87a' || gif === 'GIF89a') && bytes.length >= 10) {
    return {
      mime: 'image/gif',
      ext: 'gif',
      width: bytes.readUInt16LE(6),
      height: bytes.readUInt16LE(8),
    };
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    const size = webpSize(bytes);
    return { mime: 'image/webp', ext: 'webp', width: size?.[0] ?? 0, height: size?.[1] ?? 0 };
  }
  return undefined;
}

/** Walks JPEG segments to the first start-of-frame marker. */
function jpegSize(bytes: Buffer): [number, number] | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    const isFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return [bytes.readUInt16BE(offset + 7), bytes.readUInt16BE(offset + 5)];
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(bytes: Buffer): [number, number] | undefined {
  const chunk = ascii(bytes, 12, 16);
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return [1 + bytes.readUIntLE(24, 3), 1 + bytes.readUIntLE(27, 3)];
  }
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    return [bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff];
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = bytes.readUInt32LE(21);
    return [1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff)];
  }
  return undefined;
}
