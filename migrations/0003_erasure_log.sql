CREATE TABLE `erasure_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`parent_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erasure_log_entity_idx` ON `erasure_log` (`entity_kind`,`entity_id`);--> statement-breakpoint
-- FTS5 removes a deleted row's terms from its index at once (stored with the table), instead of leaving them in older
-- segments until a merge; `optimize` merges what earlier deletes left behind into one segment without them.
INSERT INTO `offer_search` (`offer_search`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
INSERT INTO `offer_search` (`offer_search`) VALUES ('optimize');
