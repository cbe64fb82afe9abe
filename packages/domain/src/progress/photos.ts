/**
 * Site photos of a monthly report (形象进度照片). The type is read from the file's first bytes:
 * the name and the declared content type are whatever the sender wrote, and a browser that trusted
 * them could be shown a page dressed as a picture.
 */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const PHOTO_EXTENSIONS: Record<PhotoType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** Technical limits that keep a report's photos a few tens of megabytes at most. */
export const PHOTO_LIMITS = { maxBytes: 5 * 1024 * 1024, perReport: 9 } as const;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, index) => bytes[at + index] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** JPEG, PNG or WebP by signature, or null for anything else. */
export function detectPhotoType(bytes: Uint8Array): PhotoType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF, a 4-byte length, then WEBP.
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/**
 * A file name safe to store and to send back in a header: the last path segment, without control
 * characters, at most 200 characters; a blank name becomes 照片.<ext>.
 */
export function photoFileName(name: string | undefined, type: PhotoType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return clean ? [...clean].slice(-200).join('') : `照片.${PHOTO_EXTENSIONS[type]}`;
}
