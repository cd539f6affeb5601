CREATE TABLE `lead_digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`chat_id` text NOT NULL,
	`role` text NOT NULL,
	`outbox_key` text NOT NULL,
	`message_id` text,
	`report_ids` text NOT NULL,
	`opened_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`dirty` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lead_digests_outbox_key_unique` ON `lead_digests` (`outbox_key`);--> statement-breakpoint
CREATE INDEX `lead_digests_chat` ON `lead_digests` (`plan_id`,`chat_id`,`opened_at`);--> statement-breakpoint
DROP INDEX `report_cards_unit`;--> statement-breakpoint
CREATE INDEX `report_cards_unit` ON `report_cards` (`round_id`,`period`,`unit_id`,`chat_id`);--> statement-breakpoint
ALTER TABLE `indicators` ADD `aggregate` text DEFAULT 'per-unit' NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `digest_cursor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `reviews` ADD `reviewer_name` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `digest` text;