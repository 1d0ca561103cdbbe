import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where the bytes of stored files live; keys are chosen by the storage, never by a caller. */
export abstract class FileStorage {
  /** Stores the bytes and returns their new key. */
  abstract put(bytes: Buffer): Promise<string>;
  abstract read(key: string): Promise<Buffer>;
  /** Succeeds when the key holds nothing (already removed). */
  abstract remove(key: string): Promise<void>;
}

/** "ab/cd/abcd....-uuid": the first two byte pairs of the uuid as folders, so no folder grows too large. */
const STORAGE_KEY = /^([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Files in a local directory outside any folder the api serves (FILE_STORAGE_DIR). */
export class LocalFileStorage extends FileStorage {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  async put(bytes: Buffer): Promise<string> {
    const id = randomUUID();
    const key = `${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`;
    const path = this.pathOf(key);
    const folder = join(this.root, id.slice(0, 2), id.slice(2, 4));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // Written beside its final name and renamed: a reader never sees half a file, a crash leaves only a .tmp.
    const temporary = join(folder, `.${id}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await handle.close();
    try {
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    return key;
  }

  async read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Refuses any key this storage did not produce before a path is built from it. */
  private pathOf(key: string): string {
    if (!STORAGE_KEY.test(key)) throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
    return join(this.root, ...key.split('/'));
  }
}
