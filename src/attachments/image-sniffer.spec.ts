import { sniffImage } from './image-sniffer.js';
import { TINY_GIF, TINY_JPEG, TINY_PNG, TINY_WEBP } from '../../test/fixtures/images.js';

describe('sniffImage', () => {
  it('recognises png, jpeg, gif and webp from their bytes and reads the size', () => {
    expect(sniffImage(TINY_PNG)).toEqual({ mime: 'image/png', ext: 'png', width: 1, height: 1 });
    expect(sniffImage(TINY_JPEG)).toEqual({
      mime: 'image/jpeg',
      ext: 'jpg',
      width: 1,
      height: 1,
    });
    expect(sniffImage(TINY_GIF)).toEqual({ mime: 'image/gif', ext: 'gif', width: 1, height: 1 });
    expect(sniffImage(TINY_WEBP)).toEqual({
      mime: 'image/webp',
      ext: 'webp',
      width: 1,
      height: 1,
    });
  });

  it('refuses anything else, whatever it claims to be', () => {
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImage(Buffer.from('not an image at all, just text'))).toBeUndefined();
    expect(sniffImage(Buffer.from('%PDF-1.7'))).toBeUndefined();
    expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
    expect(sniffImage(TINY_PNG.subarray(0, 8))).toBeUndefined();
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
  });
});
