import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A grant row is written several times in its life (activation, plan, tier, status, version): free
 * space on each page lets those updates stay on the page (HOT) without touching the five indexes.
 */
export class GrantsLeaveRoomForUpdates1795937500000 implements MigrationInterface {
    name = 'GrantsLeaveRoomForUpdates1795937500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "grants" SET (fillfactor = 85)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "grants" RESET (fillfactor)`);
    }

}
