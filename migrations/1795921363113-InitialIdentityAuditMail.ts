import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialIdentityAuditMail1795921363113 implements MigrationInterface {
    name = 'InitialIdentityAuditMail1795921363113'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" BIGSERIAL NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor_user_id" uuid,
                "action" character varying(80) NOT NULL,
                "entity_type" character varying(40) NOT NULL,
                "entity_id" character varying(64) NOT NULL,
                "changes" jsonb NOT NULL DEFAULT '{}',
                "request_id" character varying(64),
                "ip_address" character varying(64),
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_da4e1f7755a2ab9a8b7ddefaa4" ON "audit_events" ("actor_user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5c7623cfe8d008e1c1fd758fbc" ON "audit_events" ("entity_type", "entity_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "outbound_emails" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "dedupe_key" character varying(200),
                "to_address" character varying(254) NOT NULL,
                "language" character varying(8) NOT NULL,
                "template" character varying(80) NOT NULL,
                "subject" character varying(300) NOT NULL,
                "html_body" text,
                "text_body" text,
                "status" character varying(10) NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "claimed_at" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_d07cd54ab4e5dd921ff509203ae" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_6c4ddb58be5ee80ef37bc98d5a" ON "outbound_emails" ("dedupe_key")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_26a11e29e10643cc4265f73df4" ON "outbound_emails" ("status", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "organisations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(200) NOT NULL,
                "kind" character varying(20) NOT NULL,
                "is_lead_partner" boolean NOT NULL DEFAULT false,
                "registered" boolean NOT NULL DEFAULT false,
                "org_identifier" character varying(100),
                "country" character(2) NOT NULL,
                "city" character varying(120),
                "latitude" double precision,
                "longitude" double precision,
                "languages" character varying(8) array NOT NULL DEFAULT '{}',
                "time_zone" character varying(64) NOT NULL,
                "themes" character varying(40) array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_205d134daaaf9f880a7e9b0c7f" ON "organisations" ("kind")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8bb87a2fd94ad9484d5e60699d" ON "organisations" ("country")
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(254) NOT NULL,
                "name" character varying(200) NOT NULL,
                "password_hash" character varying(255),
                "preferred_language" character varying(8),
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users" ("email")
        `);
        await queryRunner.query(`
            CREATE TABLE "memberships" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "organisation_id" uuid,
                "role" character varying(20) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_membership_admin_has_no_org" CHECK ((role = 'admin') = (organisation_id IS NULL)),
                CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_55c59139e9136eb9a76ed30c6d" ON "memberships" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_membership_platform_role" ON "memberships" ("user_id", "role")
            WHERE organisation_id IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_membership_org_role" ON "memberships" ("user_id", "organisation_id", "role")
            WHERE organisation_id IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "mentor_assignments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "mentor_user_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                "assigned_by_user_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_113538c846de699a5ddfa80e41c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_437ddc89e75c9127e5123b8871" ON "mentor_assignments" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_0ad3932c4b09310373cec8ecb6" ON "mentor_assignments" ("mentor_user_id", "organisation_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "one_time_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "purpose" character varying(20) NOT NULL,
                "token_hash" character(64) NOT NULL,
                "email" character varying(254) NOT NULL,
                "user_id" uuid,
                "organisation_id" uuid,
                "role" character varying(20),
                "created_by_user_id" uuid,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8e470cc9ffc1b2afa054304db17" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_22e595d22f108ce4f2843e043a" ON "one_time_tokens" ("token_hash")
        `);
        await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "kind" character varying(8) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ip_address" character varying(64),
                CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions" ("user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_abaa9e068cdd390bc5210f7988" ON "sessions" ("token_hash")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9cfe37d28c3b229a350e086d94" ON "sessions" ("expires_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "memberships"
            ADD CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "memberships"
            ADD CONSTRAINT "FK_55c59139e9136eb9a76ed30c6dc" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "memberships" DROP CONSTRAINT "FK_55c59139e9136eb9a76ed30c6dc"
        `);
        await queryRunner.query(`
            ALTER TABLE "memberships" DROP CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9cfe37d28c3b229a350e086d94"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_abaa9e068cdd390bc5210f7988"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_085d540d9f418cfbdc7bd55bb1"
        `);
        await queryRunner.query(`
            DROP TABLE "sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_22e595d22f108ce4f2843e043a"
        `);
        await queryRunner.query(`
            DROP TABLE "one_time_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0ad3932c4b09310373cec8ecb6"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_437ddc89e75c9127e5123b8871"
        `);
        await queryRunner.query(`
            DROP TABLE "mentor_assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_membership_org_role"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_membership_platform_role"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_55c59139e9136eb9a76ed30c6d"
        `);
        await queryRunner.query(`
            DROP TABLE "memberships"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8bb87a2fd94ad9484d5e60699d"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_205d134daaaf9f880a7e9b0c7f"
        `);
        await queryRunner.query(`
            DROP TABLE "organisations"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_26a11e29e10643cc4265f73df4"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_6c4ddb58be5ee80ef37bc98d5a"
        `);
        await queryRunner.query(`
            DROP TABLE "outbound_emails"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5c7623cfe8d008e1c1fd758fbc"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_da4e1f7755a2ab9a8b7ddefaa4"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
    }

}
