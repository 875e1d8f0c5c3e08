CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`reason` text NOT NULL,
	`text` text,
	`reporter_email` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` text NOT NULL,
	`handled_at` text,
	`handled_by` text,
	`note` text,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "reports_reason_check" CHECK(reason IN ('phone_wrong', 'closed', 'moved', 'other')),
	CONSTRAINT "reports_status_check" CHECK(status IN ('open', 'resolved', 'rejected')),
	CONSTRAINT "reports_email_open" CHECK(reporter_email IS NULL OR status = 'open')
);
--> statement-breakpoint
CREATE INDEX `reports_offer_idx` ON `reports` (`offer_id`,`status`);--> statement-breakpoint
CREATE INDEX `reports_status_idx` ON `reports` (`status`,`created_at`);