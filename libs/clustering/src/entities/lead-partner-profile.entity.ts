import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { NUMBER_COLUMN } from '@mosaic/database';


/** What a lead partner can take on: where, in which languages and themes, and how much. */
@Entity('lead_partner_profiles')
export class LeadPartnerProfileEntity {
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'char', length: 2, array: true })
  countriesServed: string[];

  @Column({ type: 'int' })
  maxMembers: number;

  /** Minor units of the currency below. */
  @Column({ type: 'bigint', transformer: NUMBER_COLUMN })
  maxTotalMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  oversightHours: number;

  /** Indirect-cost rate the lead keeps (e.g. 0.07). */
  @Column({ type: 'numeric', precision: 5, scale: 4, transformer: NUMBER_COLUMN })
  feeRate: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
