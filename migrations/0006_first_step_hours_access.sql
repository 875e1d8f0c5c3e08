CREATE TABLE `hours_exceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offer_id` text NOT NULL,
	`from` text NOT NULL,
	`to` text NOT NULL,
	`closed` integer NOT NULL,
	`opens` text,
	`closes` text,
	`note` text,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "hours_exceptions_period" CHECK("from" <= "to"),
	CONSTRAINT "hours_exceptions_hours" CHECK((closed = 1 AND opens IS NULL AND closes IS NULL) OR (closed = 0 AND opens < closes))
);
--> statement-breakpoint
CREATE INDEX `hours_exceptions_offer_idx` ON `hours_exceptions` (`offer_id`);--> statement-breakpoint
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
	`first_step` text,
	`first_step_contact_index` integer,
	`accepting_new` text,
	`accepting_new_wait_weeks` integer,
	`accepting_new_confirmed_at` text,
	`alert` text,
	`alert_until` text,
	`temporarily_closed` integer DEFAULT false NOT NULL,
	`always_open` integer DEFAULT false NOT NULL,
	`open_on_holidays` integer DEFAULT false NOT NULL,
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
	CONSTRAINT "offers_referral_check" CHECK(referral_type IN ('none', 'recommended', 'required')),
	CONSTRAINT "offers_accepting_new_check" CHECK(accepting_new IN ('yes', 'no', 'waiting_list'))
);
--> statement-breakpoint
INSERT INTO `__new_offers`("id", "slug", "organisation_id", "is_reference", "name", "description", "care_type", "from_month", "to_month", "cost_type", "cost_note", "price_min_eur", "price_max_eur", "referral_type", "referral_note", "crisis_24_7", "urgent_intake", "crisis_note", "baby_welcome", "waiting_time", "interpreter_on_request", "plain_language", "anonymous_possible", "no_residence_papers_ok", "third_party_payment", "first_session_free", "website", "email", "phone", "sources", "source_note", "status", "version", "created_at", "updated_at", "published_at", "verified_at", "verified_by", "internal_note") SELECT "id", "slug", "organisation_id", "is_reference", "name", "description", "care_type", "from_month", "to_month", "cost_type", "cost_note", "price_min_eur", "price_max_eur", "referral_type", "referral_note", "crisis_24_7", "urgent_intake", "crisis_note", "baby_welcome", "waiting_time", "interpreter_on_request", "plain_language", "anonymous_possible", "no_residence_papers_ok", "third_party_payment", "first_session_free", "website", "email", "phone", "sources", "source_note", "status", "version", "created_at", "updated_at", "published_at", "verified_at", "verified_by", "internal_note" FROM `offers`;--> statement-breakpoint
DROP TABLE `offers`;--> statement-breakpoint
ALTER TABLE `__new_offers` RENAME TO `offers`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `offers_slug_idx` ON `offers` (`slug`);--> statement-breakpoint
CREATE INDEX `offers_organisation_idx` ON `offers` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `offers_status_idx` ON `offers` (`status`);