import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

const numeric = { to: (v?: number) => v, from: (v: string) => Number(v) };

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
  @Column({ type: 'bigint', transformer: numeric })
  maxTotalMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  oversightHours: number;

  /** Indirect-cost rate the lead keeps (e.g. 0.07). */
  @Column({ type: 'numeric', precision: 5, scale: 4, transformer: numeric })
  feeRate: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
