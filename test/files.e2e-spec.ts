import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommonModule, DomainException } from '@mosaic/common';
import { ConfigModule, fromProjectRoot } from '@mosaic/config';
import { FileOwner, FilesModule, FilesService, StoredFileEntity } from '@mosaic/files';
import { dataSourceOptions } from '@mosaic/schema';
import { createTestDatabase } from './support/test-database';
import { testConfig } from './support/test-app';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  Buffer.from('IHDR'),
  Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

/** Every regular file under a directory, however deep. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}

describe(FilesService.name, () => {
  let moduleRef: TestingModule;
  let sut: FilesService;
  let dataSource: DataSource;
  let storageDir: string;
  let dropDatabase: () => Promise<void>;
  const owner = (): FileOwner => ({ ownerType: 'application_answer', ownerId: randomUUID(), organisationId: randomUUID() });
  const store = (originalName: string, bytes: Buffer, fileOwner: FileOwner = owner()) =>
    dataSource.transaction((manager) => sut.store(manager, { originalName, bytes }, fileOwner, null));
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );

  beforeAll(async () => {
    const database = await createTestDatabase();
    dropDatabase = database.drop;
    storageDir = mkdtempSync(join(tmpdir(), 'mosaic-files-'));
    const config = testConfig(database.url, { FILE_STORAGE_DIR: storageDir });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), CommonModule, TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)), FilesModule],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(FilesService);
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
  });

  afterAll(async () => {
    await moduleRef?.close();
    await dropDatabase?.();
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('stores a PNG as a row and a private file under the storage directory, and reads back the same bytes', async () => {
    const fileOwner = owner();
    const uploader = randomUUID();
    const stored = await dataSource.transaction((manager) =>
      sut.store(manager, { originalName: 'photo.png', bytes: PNG }, fileOwner, uploader),
    );

    expect(stored).toEqual(
      expect.objectContaining({
        ...fileOwner,
        originalName: 'photo.png',
        kind: 'png',
        mime: 'image/png',
        sizeBytes: PNG.length,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        uploadedByUserId: uploader,
      }),
    );
    const path = join(storageDir, stored.storageKey);
    expect(filesUnder(storageDir)).toEqual([path]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(relative(fromProjectRoot('apps'), path).startsWith('..')).toBe(true);
    expect(stored.originalName).not.toContain(stored.storageKey);

    const opened = await sut.open(stored.id);
    expect(opened.bytes.equals(PNG)).toBe(true);
    expect(opened.file.id).toBe(stored.id);
    expect(await sut.listFor(fileOwner.ownerType, fileOwner.ownerId)).toEqual([expect.objectContaining({ id: stored.id })]);
  });

  it('keeps the default storage directory outside the folders the api serves', () => {
    const defaults = testConfig('postgres://postgres@127.0.0.1:5432/unused');
    expect(relative(fromProjectRoot('apps'), defaults.files.storageDir).startsWith('..')).toBe(true);
  });

  describe('refusals leave neither a row nor a file', () => {
    let rowsBefore: number;
    let filesBefore: string[];
    beforeEach(async () => {
      rowsBefore = await dataSource.getRepository(StoredFileEntity).count();
      filesBefore = filesUnder(storageDir);
    });
    afterEach(async () => {
      expect(await dataSource.getRepository(StoredFileEntity).count()).toBe(rowsBefore);
      expect(filesUnder(storageDir)).toEqual(filesBefore);
    });

    it('refuses 11 MB with FILE_TOO_LARGE', async () => {
      const big = Buffer.alloc(11 * 1024 * 1024);
      PDF.copy(big);
      const error = await refusal(store('report.pdf', big));
      expect(error).toBeInstanceOf(DomainException);
      expect(error).toMatchObject({ kind: 'too_large', code: 'FILE_TOO_LARGE' });
    });

    it('refuses HTML named photo.png with UNSUPPORTED_FILE_TYPE, listing what is allowed', async () => {
      const error = await refusal(store('photo.png', Buffer.from('<html><script>alert(document.cookie)</script></html>')));
      expect(error).toBeInstanceOf(DomainException);
      expect(error).toMatchObject({
        kind: 'unsupported',
        code: 'UNSUPPORTED_FILE_TYPE',
        details: { allowed: ['pdf', 'jpg', 'png', 'docx', 'm4a', 'ogg', 'mp3'] },
      });
    });

    it('removes the written bytes when the row is refused', async () => {
      const error = await refusal(store('report.pdf', PDF, { ownerType: 'report', ownerId: 'not-a-uuid', organisationId: null }));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(DomainException);
    });
  });

  it('keeps only a sanitised name for a path-traversal upload, and the bytes under a random key', async () => {
    const stored = await store('../../etc/passwd.pdf', PDF);
    expect(stored.originalName).toBe('passwd.pdf');
    expect(stored.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/);
    expect(filesUnder(storageDir)).toContain(join(storageDir, stored.storageKey));
    expect((await sut.open(stored.id)).bytes.equals(PDF)).toBe(true);
  });

  it('refuses to serve bytes that changed on disk since the upload', async () => {
    const stored = await store('scan.png', PNG);
    writeFileSync(join(storageDir, stored.storageKey), Buffer.concat([PNG, Buffer.from('<script>')]));
    await expect(sut.open(stored.id)).rejects.toThrow(/does not match/);
  });

  it('answers FILE_NOT_FOUND for an unknown or malformed id', async () => {
    await expect(sut.open(randomUUID())).rejects.toMatchObject({ kind: 'not_found', code: 'FILE_NOT_FOUND' });
    await expect(sut.open('../../etc/passwd')).rejects.toMatchObject({ kind: 'not_found', code: 'FILE_NOT_FOUND' });
  });
});
