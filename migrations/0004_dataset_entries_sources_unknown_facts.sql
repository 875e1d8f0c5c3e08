CREATE TABLE `dataset_entries` (
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`dataset` text NOT NULL,
	`loaded_at` text NOT NULL,
	PRIMARY KEY(`entity_kind`, `entity_id`),
	CONSTRAINT "dataset_entries_dataset_check" CHECK(dataset IN ('sample', 'starter'))
);
--> statement-breakpoint
-- A database that loaded the sample before this table existed: its sample entries, erased ones included (the audit log keeps their ids).
INSERT OR IGNORE INTO `dataset_entries` (`entity_kind`, `entity_id`, `dataset`, `loaded_at`)
SELECT `entity_kind`, `entity_id`, 'sample', min(`at`) FROM `audit_log` WHERE `key_label` = 'sample data' AND `action` = 'create' GROUP BY `entity_kind`, `entity_id`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`organisation_id` text NOT NULL,
	`is_reference` integer DEFAULT false NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`care_type` text NOT NULL,
	`from_month` real,
	`to_month` real,
	`cost_type` text,
	`cost_note` text,
	`price_min_eur` real,
	`price_max_eur` real,
	`referral_type` text,
	`referral_note` text,
	`crisis_24_7` integer,
	`urgent_intake` integer,
	`crisis_note` text,
	`baby_welcome` integer,
	`waiting_time` text,
	`interpreter_on_request` integer,
	`plain_language` integer,
	`anonymous_possible` integer,
	`no_residence_papers_ok` integer,
	`third_party_payment` integer,
	`first_session_free` integer,
	`website` text,
	`email` text,
	`phone` text,
	`sources` text DEFAULT '[]' NOT NULL,
	`source_note` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_at` text,
	`verified_at` text,
	`verified_by` text,
	`internal_note` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`care_type`) REFERENCES `care_types`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "offers_name_nl" CHECK(json_extract(name, '$.nl') IS NOT NULL),
	CONSTRAINT "offers_description_nl" CHECK(json_extract(description, '$.nl') IS NOT NULL),
	CONSTRAINT "offers_phase_range" CHECK(from_month IS NULL OR to_month IS NULL OR from_month <= to_month),
	CONSTRAINT "offers_status_check" CHECK(status IN ('draft', 'published', 'archived')),
	CONSTRAINT "offers_cost_check" CHECK(cost_type IN ('free', 'riziv_reimbursed', 'income_related', 'paid', 'mixed')),
	CONSTRAINT "offers_referral_check" CHECK(referral_type IN ('none', 'recommended', 'required'))
);
--> statement-breakpoint
INSERT INTO `__new_offers`("id", "slug", "organisation_id", "is_reference", "name", "description", "care_type", "from_month", "to_month", "cost_type", "cost_note", "price_min_eur", "price_max_eur", "referral_type", "referral_note", "crisis_24_7", "urgent_intake", "crisis_note", "baby_welcome", "waiting_time", "interpreter_on_request", "plain_language", "anonymous_possible", "no_residence_papers_ok", "third_party_payment", "first_session_free", "website", "email", "phone", "status", "version", "created_at", "updated_at", "published_at", "verified_at", "verified_by", "internal_note") SELECT "id", "slug", "organisation_id", "is_reference", "name", "description", "care_type", "from_month", "to_month", "cost_type", "cost_note", "price_min_eur", "price_max_eur", "referral_type", "referral_note", "crisis_24_7", "urgent_intake", "crisis_note", "baby_welcome", "waiting_time", "interpreter_on_request", "plain_language", "anonymous_possible", "no_residence_papers_ok", "third_party_payment", "first_session_free", "website", "email", "phone", "status", "version", "created_at", "updated_at", "published_at", "verified_at", "verified_by", "internal_note" FROM `offers`;--> statement-breakpoint
DROP TABLE `offers`;--> statement-breakpoint
ALTER TABLE `__new_offers` RENAME TO `offers`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `offers_slug_idx` ON `offers` (`slug`);--> statement-breakpoint
CREATE INDEX `offers_organisation_idx` ON `offers` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `offers_status_idx` ON `offers` (`status`);--> statement-breakpoint
CREATE TABLE `__new_organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`kind` text,
	`name` text NOT NULL,
	`description` text,
	`kbo_number` text,
	`sociale_kaart_id` text,
	`website` text,
	`email` text,
	`phone` text,
	`sources` text DEFAULT '[]' NOT NULL,
	`source_note` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_at` text,
	`verified_at` text,
	`verified_by` text,
	`internal_note` text,
	CONSTRAINT "organisations_name_nl" CHECK(json_extract(name, '$.nl') IS NOT NULL),
	CONSTRAINT "organisations_status_check" CHECK(status IN ('draft', 'published', 'archived'))
);
--> statement-breakpoint
INSERT INTO `__new_organisations`("id", "slug", "kind", "name", "description", "kbo_number", "sociale_kaart_id", "website", "email", "phone", "status", "version", "created_at", "updated_at", "published_at", "verified_at", "verified_by", "internal_note") SELECT "id", "slug", "kind", "name", "description", "kbo_number", "sociale_kaart_id", "website", "email", "phone", "status", "version", "created_at", "updated_at", "published_at", "verified_at", "verified_by", "internal_note" FROM `organisations`;--> statement-breakpoint
DROP TABLE `organisations`;--> statement-breakpoint
ALTER TABLE `__new_organisations` RENAME TO `organisations`;--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_idx` ON `organisations` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_kbo_idx` ON `organisations` (`kbo_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_sociale_kaart_idx` ON `organisations` (`sociale_kaart_id`);--> statement-breakpoint
CREATE INDEX `organisations_status_idx` ON `organisations` (`status`);--> statement-breakpoint
ALTER TABLE `locations` ADD `approximate_position` integer DEFAULT false NOT NULL;