import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationEntity, ApplicationService } from '@mosaic/applications';
import { hmac, SessionService } from '@mosaic/identity';
import { StoredFileEntity } from '@mosaic/files';
import { CallFactory } from './factories/call.factory';
import { createWorld, World } from './factories/identity.factory';
import { createTestApp, TestContext } from './support/test-app';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 32)]);

/** T2 asks for a registration certificate: a file answer, sniffed, stored outside the web root. */
describe('application files', () => {
  let context: TestContext;
  let world: World;
  let applicationId: string;
  const storageDir = mkdtempSync(join(tmpdir(), 'mosaic-files-'));
  const upload = (token: string, name: string, bytes: Buffer, questionKey = 'registration_document') =>
    context.http().post(`/api/applications/${applicationId}/files`).set('Authorization', `Bearer ${token}`).field('questionKey', questionKey).attach('file', bytes, name);
  const storedFiles = () => readdirSync(storageDir, { recursive: true }).filter((entry) => String(entry).split('/').length === 3);

  beforeAll(async () => {
    context = await createTestApp({ FILE_STORAGE_DIR: storageDir, FILE_MAX_BYTES: String(1024 * 1024), LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    world = await createWorld(context);
    const callId = (await CallFactory.publish(context, world.tokens.officer)).id;
    const started = await context.http().post(`/api/calls/${callId}/applications`).set('Authorization', `Bearer ${world.tokens.applicant}`).send({}).expect(201);
    applicationId = started.body.id;
    // 40,000 USD: tier T2, whose question set includes the registration certificate.
    await context
      .http()
      .patch(`/api/applications/${applicationId}`)
      .set('Authorization', `Bearer ${world.tokens.applicant}`)
      .send({ version: started.body.version, requestedAmountMinor: 40_000_00 })
      .expect(200);
  });
  afterAll(() => context.close());

  it('stores a PDF as the answer, and serves it back to the applicant', async () => {
    const response = await upload(world.tokens.applicant, 'certificat.pdf', PDF).expect(201);
    expect(response.body.file).toEqual(expect.objectContaining({ kind: 'pdf', mime: 'application/pdf', originalName: 'certificat.pdf', sizeBytes: PDF.length }));
    expect(response.body.application.answers.registration_document.value).toBe(response.body.file.id);
    const download = await context
      .http()
      .get(`/api/applications/${applicationId}/files/${response.body.file.id}`)
      .set('Authorization', `Bearer ${world.tokens.applicant}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    expect(storedFiles()).toHaveLength(1);
  });

  it('refuses a file that is too large (413) or of a type judged by its bytes (415), keeping the saved answer', async () => {
    const before = await context.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id: applicationId });
    const big = await upload(world.tokens.applicant, 'big.pdf', Buffer.concat([PDF, Buffer.alloc(1024 * 1024)])).expect(413);
    expect(big.body.code).toBe('FILE_TOO_LARGE');
    const html = await upload(world.tokens.applicant, 'photo.png', Buffer.from('<html><script>alert(1)</script></html>')).expect(415);
    expect(html.body).toEqual(expect.objectContaining({ code: 'UNSUPPORTED_FILE_TYPE', details: { allowed: expect.arrayContaining(['pdf', 'png', 'm4a']) } }));
    const after = await context.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id: applicationId });
    expect(after.answers).toEqual(before.answers);
    expect(after.version).toBe(before.version);
    expect(storedFiles()).toHaveLength(1);
    expect(await context.dataSource.getRepository(StoredFileEntity).count()).toBe(1);
  });

  it('refuses a file for a question that takes none', async () => {
    const response = await upload(world.tokens.applicant, 'x.png', PNG, 'for_whom').expect(400);
    expect(response.body.code).toBe('NOT_A_FILE_QUESTION');
  });

  it('takes a file from a plain multipart page form, with the CSRF token in its address', async () => {
    const session = (await context.app.get(SessionService).issue(world.users.applicant.id, 'web')).token;
    const seed = 'files-page-csrf-seed-012345';
    const token = hmac(context.config.appSecret, `csrf|${seed}`);
    const { questions } = await context.app.get(ApplicationService).form(await context.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id: applicationId }));
    const step = 2 + questions.filter((q) => !['who_you_are', 'how_much_for_what'].includes(q.key)).findIndex((q) => q.key === 'registration_document') + 1;
    const post = (csrf: string, bytes: Buffer, name: string) =>
      context
        .http()
        .post(`/applications/${applicationId}/steps/${step}/file?_csrf=${csrf}&lang=fr`)
        .set('Cookie', `mosaic_session=${session}; mosaic_csrf=${seed}`)
        .set('Accept', 'text/html')
        .field('action', 'leave')
        .attach('file', bytes, name);
    await post('forged', PNG, 'photo.png').expect(403);
    const refused = await post(token, Buffer.from('MZ this is not a document'), 'virus.pdf').expect(415);
    expect(refused.text).toContain('Ce type de fichier n’est pas accepté');
    await post(token, PNG, 'photo.png').expect(303);
    const saved = await context.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id: applicationId });
    const file = await context.dataSource.getRepository(StoredFileEntity).findOneByOrFail({ id: saved.answers.registration_document.value as string });
    expect(file).toEqual(expect.objectContaining({ kind: 'png', originalName: 'photo.png' }));
  });

  it('serves files only to those who may read the application', async () => {
    const [file] = await context.dataSource.getRepository(StoredFileEntity).findBy({ ownerId: applicationId });
    const path = `/api/applications/${applicationId}/files/${file.id}`;
    await context.http().get(path).expect(401);
    await context.http().get(path).set('Authorization', `Bearer ${world.tokens.otherApplicant}`).expect(404);
    await context.http().get(path).set('Authorization', `Bearer ${world.tokens.reviewer}`).expect(404);
    // A draft is not the funder's to read yet.
    await context.http().get(path).set('Authorization', `Bearer ${world.tokens.officer}`).expect(404);
    await upload(world.tokens.otherApplicant, 'x.png', PNG).expect(404);
  });
});
