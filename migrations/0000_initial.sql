CREATE TABLE `api_key_organisations` (
	`api_key_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	PRIMARY KEY(`api_key_id`, `organisation_id`),
	FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`role` text NOT NULL,
	`label` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	`last_used_at` text,
	`revoked_at` text,
	CONSTRAINT "api_keys_role_check" CHECK(role IN ('admin', 'editor', 'partner'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_id_idx` ON `api_keys` (`key_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`key_id` text,
	`key_label` text NOT NULL,
	`action` text NOT NULL,
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`revision` integer
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_kind`,`entity_id`);--> statement-breakpoint
CREATE TABLE `care_types` (
	`code` text PRIMARY KEY NOT NULL,
	`parent_code` text,
	`label` text NOT NULL,
	`description` text,
	`line` text,
	`audience` text NOT NULL,
	`synonyms` text DEFAULT '[]' NOT NULL,
	`sort_order` integer NOT NULL,
	FOREIGN KEY (`parent_code`) REFERENCES `care_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `change_feed` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`reason` text NOT NULL,
	`at` text NOT NULL,
	`data` text
);
--> statement-breakpoint
CREATE INDEX `change_feed_entity_idx` ON `change_feed` (`entity_kind`,`entity_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`name` text,
	`title` text,
	`email` text,
	`phone` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contacts_offer_idx` ON `contacts` (`offer_id`);--> statement-breakpoint
CREATE TABLE `languages` (
	`code` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`name` text NOT NULL,
	`street` text,
	`postcode` text NOT NULL,
	`municipality_code` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`wheelchair_accessible` integer,
	`pram_accessible` integer,
	`public_transport_note` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_at` text,
	`verified_at` text,
	`verified_by` text,
	`internal_note` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`municipality_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "locations_status_check" CHECK(status IN ('draft', 'published', 'archived'))
);
--> statement-breakpoint
CREATE INDEX `locations_organisation_idx` ON `locations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `offer_languages` (
	`offer_id` text NOT NULL,
	`language_code` text NOT NULL,
	PRIMARY KEY(`offer_id`, `language_code`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`language_code`) REFERENCES `languages`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `offer_locations` (
	`offer_id` text NOT NULL,
	`location_id` text NOT NULL,
	PRIMARY KEY(`offer_id`, `location_id`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offer_locations_location_idx` ON `offer_locations` (`location_id`);--> statement-breakpoint
CREATE TABLE `offer_modes` (
	`offer_id` text NOT NULL,
	`mode` text NOT NULL,
	PRIMARY KEY(`offer_id`, `mode`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "offer_modes_check" CHECK(mode IN ('onsite', 'home', 'online', 'phone', 'chat', 'group', 'individual', 'couple_family', 'day', 'residential'))
);
--> statement-breakpoint
CREATE TABLE `offer_referrers` (
	`offer_id` text NOT NULL,
	`role_code` text NOT NULL,
	PRIMARY KEY(`offer_id`, `role_code`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`role_code`) REFERENCES `roles`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `offer_roles` (
	`offer_id` text NOT NULL,
	`role_code` text NOT NULL,
	PRIMARY KEY(`offer_id`, `role_code`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`role_code`) REFERENCES `roles`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offer_roles_role_idx` ON `offer_roles` (`role_code`);--> statement-breakpoint
CREATE TABLE `offer_service_areas` (
	`offer_id` text NOT NULL,
	`region_code` text NOT NULL,
	PRIMARY KEY(`offer_id`, `region_code`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offer_service_areas_region_idx` ON `offer_service_areas` (`region_code`);--> statement-breakpoint
CREATE TABLE `offer_target_groups` (
	`offer_id` text NOT NULL,
	`target_group_code` text NOT NULL,
	PRIMARY KEY(`offer_id`, `target_group_code`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_group_code`) REFERENCES `target_groups`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`organisation_id` text NOT NULL,
	`is_reference` integer DEFAULT false NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`care_type` text NOT NULL,
	`from_month` real,
	`to_month` real,
	`cost_type` text NOT NULL,
	`cost_note` text,
	`price_min_eur` real,
	`price_max_eur` real,
	`referral_type` text DEFAULT 'none' NOT NULL,
	`referral_note` text,
	`crisis_24_7` integer DEFAULT false NOT NULL,
	`urgent_intake` integer DEFAULT false NOT NULL,
	`crisis_note` text,
	`baby_welcome` integer DEFAULT false NOT NULL,
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
CREATE UNIQUE INDEX `offers_slug_idx` ON `offers` (`slug`);--> statement-breakpoint
CREATE INDEX `offers_organisation_idx` ON `offers` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `offers_status_idx` ON `offers` (`status`);--> statement-breakpoint
CREATE TABLE `opening_hours` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offer_id` text NOT NULL,
	`location_id` text,
	`weekday` integer NOT NULL,
	`opens` text NOT NULL,
	`closes` text NOT NULL,
	`note` text,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "opening_hours_weekday" CHECK(weekday BETWEEN 1 AND 7),
	CONSTRAINT "opening_hours_times" CHECK(opens < closes)
);
--> statement-breakpoint
CREATE INDEX `opening_hours_offer_idx` ON `opening_hours` (`offer_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`kbo_number` text,
	`sociale_kaart_id` text,
	`website` text,
	`email` text,
	`phone` text,
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
CREATE UNIQUE INDEX `organisations_slug_idx` ON `organisations` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_kbo_idx` ON `organisations` (`kbo_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_sociale_kaart_idx` ON `organisations` (`sociale_kaart_id`);--> statement-breakpoint
CREATE INDEX `organisations_status_idx` ON `organisations` (`status`);--> statement-breakpoint
CREATE TABLE `phases` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`from_month` real,
	`to_month` real,
	`label` text NOT NULL,
	`description` text,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `postcodes` (
	`postcode` text NOT NULL,
	`place_name` text NOT NULL,
	`municipality_code` text NOT NULL,
	`eerstelijnszone_code` text,
	`latitude` real NOT NULL,
	`longitude` real NOT NULL,
	`coord_source` text NOT NULL,
	PRIMARY KEY(`postcode`, `place_name`, `municipality_code`),
	FOREIGN KEY (`municipality_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`eerstelijnszone_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `postcodes_municipality_idx` ON `postcodes` (`municipality_code`);--> statement-breakpoint
CREATE TABLE `region_aliases` (
	`alias` text PRIMARY KEY NOT NULL,
	`region_code` text NOT NULL,
	`kind` text NOT NULL,
	`name_nl` text NOT NULL,
	`name_fr` text NOT NULL,
	`changed_on` text NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `region_aliases_region_idx` ON `region_aliases` (`region_code`);--> statement-breakpoint
CREATE TABLE `region_ancestors` (
	`region_code` text NOT NULL,
	`ancestor_code` text NOT NULL,
	`partial` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`region_code`, `ancestor_code`),
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ancestor_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `region_ancestors_ancestor_idx` ON `region_ancestors` (`ancestor_code`);--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`name_nl` text NOT NULL,
	`name_fr` text NOT NULL,
	`name_en` text,
	`parent_code` text,
	`nis_code` text,
	`latitude` real,
	`longitude` real,
	`valid_from` text,
	`confidence` text,
	FOREIGN KEY (`parent_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "regions_level_check" CHECK(level IN ('country', 'gewest', 'province', 'eerstelijnszone', 'municipality'))
);
--> statement-breakpoint
CREATE INDEX `regions_level_idx` ON `regions` (`level`);--> statement-breakpoint
CREATE TABLE `revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`revision` integer NOT NULL,
	`action` text NOT NULL,
	`key_id` text,
	`key_label` text NOT NULL,
	`at` text NOT NULL,
	`changes` text NOT NULL,
	`snapshot` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `revisions_entity_idx` ON `revisions` (`entity_kind`,`entity_id`,`revision`);--> statement-breakpoint
CREATE TABLE `roles` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`description` text,
	`setting` text,
	`phases` text DEFAULT '[]' NOT NULL,
	`synonyms` text DEFAULT '[]' NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `target_groups` (
	`code` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`synonyms` text DEFAULT '[]' NOT NULL,
	`sort_order` integer NOT NULL
);
