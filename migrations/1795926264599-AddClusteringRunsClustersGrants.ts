import { MigrationInterface, QueryRunner } from "typeorm";

export class AddClusteringRunsClustersGrants1795926264599 implements MigrationInterface {
    name = 'AddClusteringRunsClustersGrants1795926264599'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "clusters" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "call_id" uuid NOT NULL,
                "run_id" uuid NOT NULL,
                "lead_organisation_id" uuid NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'approved',
                "total_minor" bigint NOT NULL,
                "fee_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_56c8e201f375e1e961dcdd6831c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5d11870c9686f1f4d4ca68ff2d" ON "clusters" ("call_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_99cba450b7b4e3a147fe25887c" ON "clusters" ("lead_organisation_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "cluster_members" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cluster_id" uuid NOT NULL,
                "application_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                "amount_minor" bigint NOT NULL,
                CONSTRAINT "PK_886f5f9ac169223cf9166a0931b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_bd9ded267bd628dc6dd779fb56" ON "cluster_members" ("cluster_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_ead2ffad0f31cea3fa3abb8488" ON "cluster_members" ("application_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "clustering_runs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "call_id" uuid NOT NULL,
                "status" character varying(10) NOT NULL,
                "requested_by_user_id" uuid NOT NULL,
                "locks" jsonb NOT NULL DEFAULT '[]',
                "exclusions" jsonb NOT NULL DEFAULT '[]',
                "time_limit_ms" integer NOT NULL,
                "problem" jsonb NOT NULL,
                "result" jsonb,
                "error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "approved_at" TIMESTAMP WITH TIME ZONE,
                "approved_by_user_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_7fefe7130ea2baa9f4504e96410" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2989afe61831d57e8c3f12c82e" ON "clustering_runs" ("call_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "grants" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "call_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                "application_id" uuid,
                "cluster_id" uuid,
                "kind" character varying(16) NOT NULL,
                "amount_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'active',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a25f5f89eff8b3277f7969b7094" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_f2738098496fb46534e5b13d71" ON "grants" ("call_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_d466e3882b6db18d1b479ce3fd" ON "grants" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_84eae011f3aa7a32057fca0fc3" ON "grants" ("application_id")
            WHERE application_id IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_82558cbec91ad36647376d5e53" ON "grants" ("cluster_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "lead_partner_profiles" (
                "organisation_id" uuid NOT NULL,
                "countries_served" character(2) array NOT NULL,
                "max_members" integer NOT NULL,
                "max_total_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "oversight_hours" integer NOT NULL,
                "fee_rate" numeric(5, 4) NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_594511838ea0db71b4c98b0ea43" PRIMARY KEY ("organisation_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "calls"
            ADD "clustering_policy" jsonb
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "calls" DROP COLUMN "clustering_policy"
        `);
        await queryRunner.query(`
            DROP TABLE "lead_partner_profiles"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_82558cbec91ad36647376d5e53"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_84eae011f3aa7a32057fca0fc3"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d466e3882b6db18d1b479ce3fd"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f2738098496fb46534e5b13d71"
        `);
        await queryRunner.query(`
            DROP TABLE "grants"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2989afe61831d57e8c3f12c82e"
        `);
        await queryRunner.query(`
            DROP TABLE "clustering_runs"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ead2ffad0f31cea3fa3abb8488"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_bd9ded267bd628dc6dd779fb56"
        `);
        await queryRunner.query(`
            DROP TABLE "cluster_members"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_99cba450b7b4e3a147fe25887c"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5d11870c9686f1f4d4ca68ff2d"
        `);
        await queryRunner.query(`
            DROP TABLE "clusters"
        `);
    }

}
