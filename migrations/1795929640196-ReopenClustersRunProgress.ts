import { MigrationInterface, QueryRunner } from "typeorm";

export class ReopenClustersRunProgress1795929640196 implements MigrationInterface {
    name = 'ReopenClustersRunProgress1795929640196'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "clusters"
            ADD "fee_rate" numeric(5, 4) NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "cluster_members"
            ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "clustering_runs"
            ADD "progress" smallint NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "clustering_runs"
            ADD "started_at" TIMESTAMP WITH TIME ZONE
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "clustering_runs" DROP COLUMN "started_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "clustering_runs" DROP COLUMN "progress"
        `);
        await queryRunner.query(`
            ALTER TABLE "cluster_members" DROP COLUMN "withdrawn_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "clusters" DROP COLUMN "fee_rate"
        `);
    }

}
