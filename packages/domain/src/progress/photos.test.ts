import { describe, expect, it } from 'vitest';
import { detectPhotoType, photoFileName } from './photos.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('photo type by signature', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['webp', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    ['a RIFF that is not webp', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '), null],
    ['html named .jpg', bytes('<html><script>'), null],
    ['gif', bytes('GIF89a'), null],
    ['a truncated png', bytes(0x89, 'PNG'), null],
    ['nothing', bytes(), null],
  ])('%s', (_label, data, type) => expect(detectPhotoType(data)).toBe(type));
});

describe('photo file names', () => {
  it.each([
    ['C:\\现场\\主体.jpg', '主体.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['a"\r\nb.png', 'ab.png'],
    ['', '照片.png'],
    [undefined, '照片.png'],
  ])('%s → %s', (name, expected) => expect(photoFileName(name, 'image/png')).toBe(expected));

  it('keeps at most 200 characters, the end of the name with its extension', () => {
    expect(photoFileName(`${'长'.repeat(300)}.png`, 'image/png')).toHaveLength(200);
    expect(photoFileName(`${'长'.repeat(300)}.png`, 'image/png').endsWith('.png')).toBe(true);
  });
});
