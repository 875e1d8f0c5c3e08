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
SELECT `entity_kind`, `entity_id`, 'sample', min(`at`) FROM `audit_log` WHERE `key_label` = 'sample data' AND `action` = 'create' GROUP BY `entity_kind`, `entity_id`;
