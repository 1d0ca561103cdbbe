import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FileKind } from '../file-sniffing.rules';

/**
 * An uploaded attachment or voice note. The bytes live in FileStorage under a random key, never
 * under the uploader's name; who may read the file is decided by whoever owns the record it belongs to.
 */
@Entity('stored_files')
@Index(['ownerType', 'ownerId'])
export class StoredFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The kind of record the file belongs to, e.g. "application_answer". */
  @Column({ type: 'varchar', length: 40 })
  ownerType: string;

  @Column({ type: 'uuid' })
  ownerId: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  /** For display only: the last path segment, without control characters, at most 255 characters. */
  @Column({ type: 'varchar', length: 255 })
  originalName: string;

  /** Decided by the bytes, never by the name or the declared type. */
  @Column({ type: 'varchar', length: 10 })
  kind: FileKind;

  @Column({ type: 'varchar', length: 100 })
  mime: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  /** Hex SHA-256 of the bytes, checked again on every read. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  @Column({ type: 'uuid', nullable: true })
  uploadedByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
