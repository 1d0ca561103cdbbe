import { MigrationInterface, QueryRunner } from "typeorm";

export class AddGrantsPlanningReporting1795930539916 implements MigrationInterface {
    name = 'AddGrantsPlanningReporting1795930539916'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "instalments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "grant_id" uuid NOT NULL,
                "number" smallint NOT NULL,
                "amount_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "due_date" date NOT NULL,
                "status" character varying(12) NOT NULL DEFAULT 'scheduled',
                "previous_spent_minor" bigint,
                "requested_at" TIMESTAMP WITH TIME ZONE,
                "released_at" TIMESTAMP WITH TIME ZONE,
                "released_by_user_id" uuid,
                CONSTRAINT "PK_1d1652590cfa065451208f12c11" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_857987fbc21756bfd97dd9daae" ON "instalments" ("grant_id", "number")
        `);
        await queryRunner.query(`
            CREATE TABLE "reminders" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "requirement_id" uuid NOT NULL,
                "due_date" date NOT NULL,
                "offset_days" smallint NOT NULL,
                "escalates" boolean NOT NULL DEFAULT false,
                "remind_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" character varying(8) NOT NULL DEFAULT 'pending',
                "sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7192b680b67a8f5dce05f561c1" ON "reminders" ("status", "remind_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_4f27b290a4511905bc5f8cd71d" ON "reminders" ("requirement_id", "due_date", "offset_days")
        `);
        await queryRunner.query(`
            CREATE TABLE "report_requirements" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "grant_id" uuid NOT NULL,
                "key" character varying(80) NOT NULL,
                "kind" character varying(16) NOT NULL,
                "profile" character varying(16) NOT NULL,
                "period_start" date NOT NULL,
                "period_end" date NOT NULL,
                "due_date" date NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "reviewer" character varying(8) NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'pending',
                "overdue_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b8fdf87c99077360dcc29f8707d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c57cbcc1e2808c1d369f2b5076" ON "report_requirements" ("status", "due_date")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_d621226874051c1b306605bff9" ON "report_requirements" ("grant_id", "key")
        `);
        await queryRunner.query(`
            CREATE TABLE "reports" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "requirement_id" uuid NOT NULL,
                "grant_id" uuid NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'draft',
                "language" character varying(8) NOT NULL,
                "answers" jsonb NOT NULL DEFAULT '{}',
                "financial_lines" jsonb NOT NULL DEFAULT '[]',
                "people_reached" integer,
                "total_spent_minor" bigint,
                "consolidated_members" jsonb,
                "created_by_user_id" uuid NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "reviewed_at" TIMESTAMP WITH TIME ZONE,
                "reviewed_by_user_id" uuid,
                "review_comment" text,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "PK_d9013193989303580053c0b5ef6" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_f983b190d1b4a26aaedf634431" ON "reports" ("requirement_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_aec1e7526b3ee0e6fa3f9c5f78" ON "reports" ("grant_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "reporting_policies" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "funder_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "document" jsonb NOT NULL,
                "created_by_user_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ff198f5a1702a856ff2e38a1af4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_4fd5b3cfd43a7e96afe9f4f076" ON "reporting_policies" ("funder_id", "version")
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "tier" character varying(2)
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "risk_level" character varying(6)
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "start_date" date
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "end_date" date
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "time_zone" character varying(64)
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "policy_id" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "activated_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ADD "version" integer NOT NULL DEFAULT '1'
        `);
        await queryRunner.query(`
            ALTER TABLE "grants"
            ALTER COLUMN "status"
            SET DEFAULT 'pending'
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "grants"
            ALTER COLUMN "status"
            SET DEFAULT 'active'
        `);
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "version"
        `);
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "activated_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "policy_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "time_zone"
        `);
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "end_date"
        `);
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "start_date"
        `);
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "risk_level"
        `);
        await queryRunner.query(`
            ALTER TABLE "grants" DROP COLUMN "tier"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_4fd5b3cfd43a7e96afe9f4f076"
        `);
        await queryRunner.query(`
            DROP TABLE "reporting_policies"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_aec1e7526b3ee0e6fa3f9c5f78"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f983b190d1b4a26aaedf634431"
        `);
        await queryRunner.query(`
            DROP TABLE "reports"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d621226874051c1b306605bff9"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c57cbcc1e2808c1d369f2b5076"
        `);
        await queryRunner.query(`
            DROP TABLE "report_requirements"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_4f27b290a4511905bc5f8cd71d"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7192b680b67a8f5dce05f561c1"
        `);
        await queryRunner.query(`
            DROP TABLE "reminders"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_857987fbc21756bfd97dd9daae"
        `);
        await queryRunner.query(`
            DROP TABLE "instalments"
        `);
    }

}
