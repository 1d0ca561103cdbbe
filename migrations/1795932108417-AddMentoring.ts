import { MigrationInterface, QueryRunner } from "typeorm";

export class AddMentoring1795932108417 implements MigrationInterface {
    name = 'AddMentoring1795932108417'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "assessments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organisation_id" uuid NOT NULL,
                "framework_id" uuid NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'draft',
                "copied_from_id" uuid,
                "created_by_user_id" uuid NOT NULL,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "validated_at" TIMESTAMP WITH TIME ZONE,
                "validated_by_user_id" uuid,
                "risk_level" character varying(6),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_2d25701c20d9d806c35e3aefcf" ON "assessments" ("organisation_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "assessment_ratings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "assessment_id" uuid NOT NULL,
                "indicator" character varying(12) NOT NULL,
                "self_value" character varying(12),
                "self_comment" text,
                "mentor_value" character varying(12),
                "mentor_comment" text,
                "evidence_file_ids" uuid array NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_3c2494940e018bc03f635d676cb" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_0c85016f2f914948a688b2fe71" ON "assessment_ratings" ("assessment_id", "indicator")
        `);
        await queryRunner.query(`
            CREATE TABLE "capacity_frameworks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(40) NOT NULL,
                "version" integer NOT NULL,
                "document" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b639e778a132c32ac7a9b79d110" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cebb79d54a246eb8ea3b5d083b" ON "capacity_frameworks" ("code", "version")
        `);
        await queryRunner.query(`
            CREATE TABLE "mentoring_sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organisation_id" uuid NOT NULL,
                "mentor_user_id" uuid NOT NULL,
                "held_on" date NOT NULL,
                "duration_minutes" integer NOT NULL,
                "mode" character varying(10) NOT NULL,
                "topics" jsonb NOT NULL DEFAULT '[]',
                "notes_encrypted" text,
                "shared_with_funder" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8ce3ec85cbac78813679b7c1f67" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9ba79e5cba80210382205fb41d" ON "mentoring_sessions" ("organisation_id", "held_on")
        `);
        await queryRunner.query(`
            CREATE TABLE "action_items" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organisation_id" uuid NOT NULL,
                "session_id" uuid,
                "title" character varying(300) NOT NULL,
                "owner" character varying(12) NOT NULL,
                "due_date" date NOT NULL,
                "status" character varying(8) NOT NULL DEFAULT 'open',
                "domain" character varying(24),
                "indicator" character varying(12),
                "reminded_at" TIMESTAMP WITH TIME ZONE,
                "created_by_user_id" uuid NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "PK_5a84b168b001636b379312104ab" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_13049b8e7d2eaeb9488d9d41fa" ON "action_items" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_3bb63c61b223acbec83f38add3" ON "action_items" ("status", "due_date")
        `);
        await queryRunner.query(`
            CREATE TABLE "graduations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organisation_id" uuid NOT NULL,
                "assessment_id" uuid NOT NULL,
                "recommended_by_user_id" uuid NOT NULL,
                "rationale" text NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'pending',
                "decided_by_user_id" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decision_comment" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_cdd417391d327e8dcebb27d309c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9354169ad9e14d1eff794a6472" ON "graduations" ("organisation_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "organisations"
            ADD "risk_level" character varying(6)
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "organisations" DROP COLUMN "risk_level"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9354169ad9e14d1eff794a6472"
        `);
        await queryRunner.query(`
            DROP TABLE "graduations"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3bb63c61b223acbec83f38add3"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_13049b8e7d2eaeb9488d9d41fa"
        `);
        await queryRunner.query(`
            DROP TABLE "action_items"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9ba79e5cba80210382205fb41d"
        `);
        await queryRunner.query(`
            DROP TABLE "mentoring_sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_cebb79d54a246eb8ea3b5d083b"
        `);
        await queryRunner.query(`
            DROP TABLE "capacity_frameworks"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0c85016f2f914948a688b2fe71"
        `);
        await queryRunner.query(`
            DROP TABLE "assessment_ratings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2d25701c20d9d806c35e3aefcf"
        `);
        await queryRunner.query(`
            DROP TABLE "assessments"
        `);
    }

}
