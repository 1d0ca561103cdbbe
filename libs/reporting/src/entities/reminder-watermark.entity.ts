import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row: reminder rows exist for every open requirement up to `materialisedUntil`; later ones are
 * derived from the requirements when the sweep moves the mark on (see reminder-window.ts). Planning
 * holds this row shared while it writes, the sweep holds it exclusively while it moves it.
 */
@Entity('reminder_watermark')
export class ReminderWatermarkEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'timestamptz' })
  materialisedUntil: Date;
}
