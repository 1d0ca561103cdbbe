import { MigrationInterface, QueryRunner } from "typeorm";

export class AddCallsApplicationsReviews1795924337474 implements MigrationInterface {
    name = 'AddCallsApplicationsReviews1795924337474'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "application_events" (
                "id" BIGSERIAL NOT NULL,
                "application_id" uuid NOT NULL,
                "from_status" character varying(12),
                "to_status" character varying(12) NOT NULL,
                "actor_user_id" uuid,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_fd185969787381d8bf8c529bc00" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_58159d663fba2a48144c5ed3f4" ON "application_events" ("application_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "applications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "call_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                "created_by_user_id" uuid NOT NULL,
                "status" character varying(12) NOT NULL DEFAULT 'draft',
                "tier" character varying(8),
                "requested_amount_minor" bigint,
                "currency" character(3) NOT NULL,
                "answers" jsonb NOT NULL DEFAULT '{}',
                "budget_lines" jsonb NOT NULL DEFAULT '[]',
                "language" character varying(8) NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decision_feedback" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0e6ecc995b9e74940f8bdd5c43" ON "applications" ("call_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_88452682304fec94e41708c7f0" ON "applications" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8ee114cee92e995a9e75c05cfb" ON "applications" ("status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_application_live_per_call" ON "applications" ("call_id", "organisation_id")
            WHERE status <> 'withdrawn'
        `);
        await queryRunner.query(`
            CREATE TABLE "calls" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "funder_id" uuid NOT NULL,
                "status" character varying(12) NOT NULL DEFAULT 'draft',
                "title" jsonb NOT NULL,
                "description" jsonb NOT NULL DEFAULT '{}',
                "budget_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "time_zone" character varying(64) NOT NULL,
                "eligible_countries" character(2) array NOT NULL DEFAULT '{}',
                "eligible_themes" character varying(40) array NOT NULL DEFAULT '{}',
                "tiers" jsonb NOT NULL,
                "usd_rates" jsonb NOT NULL DEFAULT '{}',
                "allow_unregistered" boolean NOT NULL DEFAULT true,
                "question_sets" jsonb NOT NULL,
                "rubric" jsonb NOT NULL,
                "published_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_d9171d91f8dd1a649659f1b6a20" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_351b54af7966e55f181642067a" ON "calls" ("funder_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_3449b34195836b85705f2c1ab9" ON "calls" ("status")
        `);
        await queryRunner.query(`
            CREATE TABLE "questions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "key" character varying(60) NOT NULL,
                "type" character varying(20) NOT NULL,
                "labels" jsonb NOT NULL,
                "hints" jsonb NOT NULL DEFAULT '{}',
                "options" jsonb NOT NULL DEFAULT '[]',
                "word_limit" integer,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_08a6d4b0f49ff300bf3a0ca60ac" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_34481659a095bfc75750711043" ON "questions" ("key")
        `);
        await queryRunner.query(`
            CREATE TABLE "review_assignments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "application_id" uuid NOT NULL,
                "reviewer_user_id" uuid NOT NULL,
                "panel" character varying(20) NOT NULL,
                "assigned_by_user_id" uuid NOT NULL,
                "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "conflict_declared_at" TIMESTAMP WITH TIME ZONE,
                "has_conflict" boolean,
                "conflict_statement" text,
                "scores" jsonb,
                "comment" text,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_57627790f79af37bc6a5e982176" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_681101d574dd3ddf7d644ed3a1" ON "review_assignments" ("application_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_e41aa7a92105ebb61a99c4b9d6" ON "review_assignments" ("reviewer_user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_89155fa35b8b9b6f4fd078c44a" ON "review_assignments" ("application_id", "reviewer_user_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_89155fa35b8b9b6f4fd078c44a"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_e41aa7a92105ebb61a99c4b9d6"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_681101d574dd3ddf7d644ed3a1"
        `);
        await queryRunner.query(`
            DROP TABLE "review_assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_34481659a095bfc75750711043"
        `);
        await queryRunner.query(`
            DROP TABLE "questions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3449b34195836b85705f2c1ab9"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_351b54af7966e55f181642067a"
        `);
        await queryRunner.query(`
            DROP TABLE "calls"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_application_live_per_call"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8ee114cee92e995a9e75c05cfb"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_88452682304fec94e41708c7f0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0e6ecc995b9e74940f8bdd5c43"
        `);
        await queryRunner.query(`
            DROP TABLE "applications"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_58159d663fba2a48144c5ed3f4"
        `);
        await queryRunner.query(`
            DROP TABLE "application_events"
        `);
    }

}
