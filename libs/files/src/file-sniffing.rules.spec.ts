import fc from 'fast-check';
import { ALLOWED_FILE_KINDS, MAX_ORIGINAL_NAME_LENGTH, sanitiseOriginalName, sniffFileType } from './file-sniffing.rules';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

/** A stored (uncompressed) zip holding empty entries with these names, as any zip tool writes it. */
function zip(names: string[], options: { centralDirectory: boolean } = { centralDirectory: true }): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length;
  }
  if (!options.centralDirectory) return Buffer.concat(locals);
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const ftyp = (brand: string) => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0], 'M4A mp42isom');

const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR');

describe(sniffFileType.name, () => {
  it.each([
    ['a PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), 'pdf', 'application/pdf'],
    ['a JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF'), 'jpg', 'image/jpeg'],
    ['a JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10], 'Exif'), 'jpg', 'image/jpeg'],
    ['a PNG', PNG, 'png', 'image/png'],
    ['a DOCX', zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']), 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['a DOCX read from its local headers', zip(['[Content_Types].xml', 'word/document.xml'], { centralDirectory: false }), 'docx', expect.any(String)],
    ['an M4A (brand M4A)', ftyp('M4A '), 'm4a', 'audio/mp4'],
    ['an audiobook (brand M4B)', ftyp('M4B '), 'm4a', 'audio/mp4'],
    ['an M4A (brand mp42)', ftyp('mp42'), 'm4a', 'audio/mp4'],
    ['an M4A (brand isom)', ftyp('isom'), 'm4a', 'audio/mp4'],
    ['an M4A (brand dash)', ftyp('dash'), 'm4a', 'audio/mp4'],
    ['an Ogg', bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0]), 'ogg', 'audio/ogg'],
    ['an MP3 with an ID3 tag', bytes('ID3', [4, 0, 0, 0, 0, 0, 0x0a]), 'mp3', 'audio/mpeg'],
    ['an MP3 frame (MPEG-1 layer III, 128 kbit/s, 44.1 kHz)', bytes([0xff, 0xfb, 0x90, 0x64]), 'mp3', 'audio/mpeg'],
    ['an MP3 frame (MPEG-2 layer III)', bytes([0xff, 0xf3, 0x80, 0xc4]), 'mp3', 'audio/mpeg'],
  ])('accepts %s', (_name, input, kind, mime) => {
    expect(sniffFileType(input)).toEqual({ kind, mime, extension: kind });
  });

  it.each([
    ['HTML with a script', bytes('<!DOCTYPE html><html><script>alert(1)</script></html>')],
    ['a shell script', bytes('#!/bin/sh\nrm -rf /\n')],
    ['JavaScript', bytes('fetch("/api/auth/login")')],
    ['a Windows executable', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0])],
    ['a plain zip', zip(['readme.txt', 'photos/1.jpg'])],
    ['an xlsx', zip(['[Content_Types].xml', 'xl/workbook.xml'])],
    ['a zip naming the document part only as a prefix', zip(['word/document.xml.bak'])],
    ['an SVG', bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['an empty buffer', Buffer.alloc(0)],
    ['a truncated zip header', bytes('PK', [3, 4])],
    ['a truncated ID3 tag', bytes('ID3')],
    ['a lone frame sync', bytes([0xff, 0xfb])],
    ['AAC in ADTS (layer bits 00)', bytes([0xff, 0xf1, 0x50, 0x80])],
    ['an MPEG frame with a reserved version', bytes([0xff, 0xeb, 0x90, 0x64])],
    ['an MPEG frame with a bad bitrate', bytes([0xff, 0xfb, 0xf0, 0x64])],
    ['a QuickTime movie', ftyp('qt  ')],
    ['a GIF', bytes('GIF89a', [1, 0, 1, 0])],
    ['a WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
  ])('refuses %s', (_name, input) => {
    expect(sniffFileType(input)).toBeNull();
  });

  it('goes by the bytes, not the name: PNG bytes called report.pdf are a PNG', () => {
    const upload = { originalName: 'report.pdf', declaredType: 'application/pdf', bytes: PNG };
    expect(sniffFileType(upload.bytes)?.kind).toBe('png');
  });

  it('never throws and answers only an accepted kind, whatever the bytes (property)', () => {
    const prefixes = fc.constantFrom('', 'PK\x03\x04', 'PK\x05\x06', '\x00\x00\x00\x18ftyp', 'ID3', '\xff\xfb');
    fc.assert(
      fc.property(prefixes, fc.uint8Array({ maxLength: 300 }), (prefix, rest) => {
        const sniffed = sniffFileType(Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.from(rest)]));
        expect(sniffed === null || ALLOWED_FILE_KINDS.includes(sniffed.kind)).toBe(true);
      }),
    );
  });
});

describe(sanitiseOriginalName.name, () => {
  it.each([
    ['a path traversal', '../../etc/passwd.pdf', 'passwd.pdf'],
    ['a Windows path', 'C:\\Users\\amina\\report.docx', 'report.docx'],
    ['control characters', 'voice\u0000note\r\n.m4a', 'voicenote.m4a'],
    ['a right-to-left override', 'photo\u202egpj.exe', 'photogpj.exe'],
    ['surrounding spaces, keeping accents', '  Rapport d’activité.pdf  ', 'Rapport d’activité.pdf'],
    ['a bare "..", as "file"', '..', 'file'],
    ['a folder name only, as "file"', 'folder/', 'file'],
    ['an empty name, as "file"', '', 'file'],
  ])('cleans %s', (_case, input, expected) => {
    expect(sanitiseOriginalName(input)).toBe(expected);
  });

  it('caps the length and keeps the extension', () => {
    const sut = sanitiseOriginalName(`${'a'.repeat(400)}.pdf`);
    expect(sut).toHaveLength(MAX_ORIGINAL_NAME_LENGTH);
    expect(sut.endsWith('.pdf')).toBe(true);
  });

  it('never returns a separator, a control character or too long a name (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (name) => {
        const sut = sanitiseOriginalName(name);
        // eslint-disable-next-line no-control-regex
        expect(sut).not.toMatch(/[/\\\u0000-\u001f\u007f]/);
        expect(sut.length).toBeGreaterThan(0);
        expect(Array.from(sut).length).toBeLessThanOrEqual(MAX_ORIGINAL_NAME_LENGTH);
      }),
    );
  });
});
