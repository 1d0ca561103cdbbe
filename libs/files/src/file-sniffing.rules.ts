// Hand-written magic-byte checks, not file-type: v17+ is ES-modules only, v16 is async and unmaintained; seven formats need no dependency.

export const ALLOWED_FILE_KINDS = ['pdf', 'jpg', 'png', 'docx', 'm4a', 'ogg', 'mp3'] as const;
export type FileKind = (typeof ALLOWED_FILE_KINDS)[number];

export interface SniffedType {
  kind: FileKind;
  mime: string;
  extension: string;
}

const TYPES: Record<FileKind, SniffedType> = {
  pdf: { kind: 'pdf', mime: 'application/pdf', extension: 'pdf' },
  jpg: { kind: 'jpg', mime: 'image/jpeg', extension: 'jpg' },
  png: { kind: 'png', mime: 'image/png', extension: 'png' },
  docx: { kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  m4a: { kind: 'm4a', mime: 'audio/mp4', extension: 'm4a' },
  ogg: { kind: 'ogg', mime: 'audio/ogg', extension: 'ogg' },
  mp3: { kind: 'mp3', mime: 'audio/mpeg', extension: 'mp3' },
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** ISO-BMFF major brands used for AAC audio (iTunes, Android and browser recorders). */
const AUDIO_MP4_BRANDS = new Set(['M4A ', 'M4B ', 'mp42', 'isom', 'dash']);
/** The part every Word document has; a plain zip, an xlsx or a pptx lacks it. */
const DOCX_MAIN_PART = 'word/document.xml';

const startsWith = (bytes: Buffer, prefix: Buffer | string, offset = 0) => {
  const expected = typeof prefix === 'string' ? Buffer.from(prefix, 'latin1') : prefix;
  return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
};

/** What the bytes are, whatever the file is called or claims to be; null when it is not an accepted kind. */
export function sniffFileType(bytes: Buffer): SniffedType | null {
  if (startsWith(bytes, '%PDF-')) return TYPES.pdf;
  if (startsWith(bytes, Buffer.from([0xff, 0xd8, 0xff]))) return TYPES.jpg;
  if (startsWith(bytes, PNG_SIGNATURE)) return TYPES.png;
  if (startsWith(bytes, 'PK\x03\x04')) return zipEntryNames(bytes).includes(DOCX_MAIN_PART) ? TYPES.docx : null;
  if (isAudioMp4(bytes)) return TYPES.m4a;
  // Ogg page: capture pattern then stream structure version 0 (RFC 3533).
  if (startsWith(bytes, 'OggS') && bytes.length > 4 && bytes[4] === 0) return TYPES.ogg;
  if (isMp3(bytes)) return TYPES.mp3;
  return null;
}

function isAudioMp4(bytes: Buffer): boolean {
  if (bytes.length < 12 || !startsWith(bytes, 'ftyp', 4)) return false;
  const boxSize = bytes.readUInt32BE(0);
  return boxSize >= 12 && AUDIO_MP4_BRANDS.has(bytes.toString('latin1', 8, 12));
}

function isMp3(bytes: Buffer): boolean {
  // ID3v2 tag: "ID3", major version 2-4, revision never 0xFF.
  if (startsWith(bytes, 'ID3')) return bytes.length >= 10 && bytes[3] >= 2 && bytes[3] <= 4 && bytes[4] !== 0xff;
  if (bytes.length < 4) return false;
  // MPEG audio frame header: 11 sync bits, a version that is not reserved, layer III, a usable bitrate and sample rate.
  const sync = bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0;
  const version = (bytes[1] >> 3) & 0b11;
  const layer = (bytes[1] >> 1) & 0b11;
  const bitrateIndex = bytes[2] >> 4;
  const sampleRateIndex = (bytes[2] >> 2) & 0b11;
  return sync && version !== 0b01 && layer === 0b01 && bitrateIndex !== 0 && bitrateIndex !== 0b1111 && sampleRateIndex !== 0b11;
}

const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** An entry count beyond which a document is not a document; bounds the work on hostile archives. */
const ZIP_MAX_ENTRIES = 10_000;

/** Entry names from the central directory (authoritative), or from the local headers when there is none. */
function zipEntryNames(bytes: Buffer): string[] {
  return centralDirectoryNames(bytes) ?? localHeaderNames(bytes);
}

function centralDirectoryNames(bytes: Buffer): string[] | null {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let end = bytes.length - 22; end >= earliest; end--) {
    if (bytes.readUInt32LE(end) !== ZIP_END_OF_CENTRAL_DIRECTORY) continue;
    const names = centralDirectoryAt(bytes, bytes.readUInt32LE(end + 16), bytes.readUInt16LE(end + 10));
    if (names) return names;
  }
  return null;
}

/** The names listed by a central directory, or null when the bytes there are not one. */
function centralDirectoryAt(bytes: Buffer, start: number, count: number): string[] | null {
  const names: string[] = [];
  let offset = start;
  for (let i = 0; i < Math.min(count, ZIP_MAX_ENTRIES); i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== ZIP_CENTRAL_HEADER) return null;
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    if (offset + 46 + nameLength > bytes.length) return null;
    names.push(bytes.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function localHeaderNames(bytes: Buffer): string[] {
  const names: string[] = [];
  let offset = 0;
  while (names.length < ZIP_MAX_ENTRIES && offset + 30 <= bytes.length && bytes.readUInt32LE(offset) === ZIP_LOCAL_HEADER) {
    const flags = bytes.readUInt16LE(offset + 6);
    const compressedSize = bytes.readUInt32LE(offset + 18);
    const nameLength = bytes.readUInt16LE(offset + 26);
    const extraLength = bytes.readUInt16LE(offset + 28);
    if (offset + 30 + nameLength > bytes.length) break;
    names.push(bytes.toString('utf8', offset + 30, offset + 30 + nameLength));
    // With a trailing data descriptor (flag bit 3) the size is unknown here: the walk cannot go on.
    if (flags & 0x08) break;
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return names;
}

/** Longest original name kept, in characters (the column is varchar(255)). */
export const MAX_ORIGINAL_NAME_LENGTH = 255;
/** C0/C1 controls, plus the bidirectional overrides that make "gpj.exe" display as "exe.jpg". */
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name to keep for display: only the last path segment, without control characters, capped in
 * length with its extension preserved. It never names anything on disk (storage keys are random).
 */
export function sanitiseOriginalName(name: string): string {
  const lastSegment = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment.replace(UNSAFE_NAME_CHARACTERS, '').trim();
  if (cleaned === '' || /^\.+$/.test(cleaned)) return 'file';
  const characters = Array.from(cleaned);
  if (characters.length <= MAX_ORIGINAL_NAME_LENGTH) return cleaned;
  const extension = Array.from(/\.[^.]{1,16}$/.exec(cleaned)?.[0] ?? '');
  return characters.slice(0, MAX_ORIGINAL_NAME_LENGTH - extension.length).concat(extension).join('');
}
