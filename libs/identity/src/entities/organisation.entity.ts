import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationKind } from '../vocabulary';

@Entity('organisations')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  kind: OrganisationKind;

  /** May hold a cluster's agreement and pass funds on to members. */
  @Column({ type: 'boolean', default: false })
  isLeadPartner: boolean;

  /** From the latest validated capacity assessment (mentoring); null until there is one. */
  @Column({ type: 'varchar', length: 6, nullable: true })
  riskLevel: 'low' | 'medium' | 'high' | null;

  /**
   * Working on sexual violence in conflict can endanger a group: marked at risk (by itself or an
   * officer), its name, location below country and free text never leave Mosaic in an export.
   */
  @Column({ type: 'boolean', default: false })
  atRisk: boolean;

  /** Overall maturity (1 nascent ... 4 mature) from the latest validated assessment: how much oversight it needs in a cluster. */
  @Column({ type: 'smallint', nullable: true })
  maturity: 1 | 2 | 3 | 4 | null;

  /** Unregistered groups may apply but can only be funded through a cluster. */
  @Column({ type: 'boolean', default: false })
  registered: boolean;

  /** An org-id.guide identifier (e.g. "KE-RCO-12345") when the organisation has one. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  orgIdentifier: string | null;

  /** ISO 3166-1 alpha-2. */
  @Index()
  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  city: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  /** ISO 639-1 codes, the first one preferred. */
  @Column({ type: 'varchar', length: 8, array: true, default: () => "'{}'" })
  languages: string[];

  /** IANA time zone, used for every deadline shown to the organisation. */
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  themes: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
