import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DomainException, notFound } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { StoredFileEntity } from './entities/stored-file.entity';
import { ALLOWED_FILE_KINDS, sanitiseOriginalName, sniffFileType } from './file-sniffing.rules';
import { FileStorage } from './file-storage';

export interface FileUpload {
  /** As the client named it: kept for display only, trusted for nothing. */
  originalName: string;
  bytes: Buffer;
}

export interface FileOwner {
  ownerType: string;
  ownerId: string;
  organisationId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Attachments and voice notes. Callers decide who may store or read a file (the owning record's
 * rules); this service decides what may be stored and keeps the bytes out of the web root.
 */
@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly storage: FileStorage,
    @InjectRepository(StoredFileEntity) private readonly files: Repository<StoredFileEntity>,
  ) {}

  /** Checks and writes the bytes, then the row within the caller's transaction. */
  async store(manager: EntityManager, upload: FileUpload, owner: FileOwner, uploadedByUserId: string | null): Promise<StoredFileEntity> {
    const { maxBytes } = this.config.files;
    if (upload.bytes.length > maxBytes) {
      throw new DomainException('too_large', 'FILE_TOO_LARGE', `A file may be at most ${maxBytes} bytes`, {
        maxBytes,
        sizeBytes: upload.bytes.length,
      });
    }
    const sniffed = sniffFileType(upload.bytes);
    if (!sniffed) {
      throw new DomainException('unsupported', 'UNSUPPORTED_FILE_TYPE', 'This type of file is not accepted', {
        allowed: [...ALLOWED_FILE_KINDS],
      });
    }
    const storageKey = await this.storage.put(upload.bytes);
    try {
      return await manager.save(
        manager.create(StoredFileEntity, {
          ownerType: owner.ownerType,
          ownerId: owner.ownerId,
          organisationId: owner.organisationId,
          originalName: sanitiseOriginalName(upload.originalName),
          kind: sniffed.kind,
          mime: sniffed.mime,
          sizeBytes: upload.bytes.length,
          sha256: sha256(upload.bytes),
          storageKey,
          uploadedByUserId,
        }),
      );
    } catch (error) {
      await this.storage.remove(storageKey).catch((cleanup: unknown) => {
        this.logger.warn(`Could not remove the bytes of a file whose row was refused (${storageKey}): ${String(cleanup)}`);
      });
      throw error;
    }
  }

  /** The caller has already decided that the requester may see the owning record. */
  async open(id: string): Promise<{ file: StoredFileEntity; bytes: Buffer }> {
    const file = UUID.test(id) ? await this.files.findOneBy({ id }) : null;
    if (!file) throw notFound('file', id);
    const bytes = await this.storage.read(file.storageKey);
    // Bytes changed on disk are never served as if they were the upload.
    if (bytes.length !== file.sizeBytes || sha256(bytes) !== file.sha256) {
      throw new Error(`Stored file ${file.id} does not match its recorded SHA-256`);
    }
    return { file, bytes };
  }

  listFor(ownerType: string, ownerId: string): Promise<StoredFileEntity[]> {
    return this.files.find({ where: { ownerType, ownerId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
