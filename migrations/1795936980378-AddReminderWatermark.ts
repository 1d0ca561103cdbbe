import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Reminder rows are written for a rolling window instead of a grant's whole life: the watermark
 * says how far they exist. Every reminder already written stays; the window starts now.
 */
export class AddReminderWatermark1795936980378 implements MigrationInterface {
    name = 'AddReminderWatermark1795936980378'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "reminder_watermark" (
                "id" smallint NOT NULL,
                "materialised_until" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_dad4471546baee1e9e1a2274366" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "reminder_watermark" ("id", "materialised_until") VALUES (1, now())
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "reminder_watermark"
        `);
    }

}
