CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`round_id` integer NOT NULL,
	`period` text NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`opens_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_key` ON `assignments` (`round_id`,`period`,`task_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `assignments_plan_due` ON `assignments` (`plan_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `assignments_unit` ON `assignments` (`unit_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `daily_summaries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`date` text NOT NULL,
	`scope` text NOT NULL,
	`scope_key` text NOT NULL,
	`expected` integer NOT NULL,
	`submitted` integer NOT NULL,
	`on_time` integer NOT NULL,
	`late` integer NOT NULL,
	`overdue` integer NOT NULL,
	`accepted` integer NOT NULL,
	`mean_percent` real,
	`indicator_values` text DEFAULT '{}' NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `daily_summaries_key` ON `daily_summaries` (`plan_id`,`date`,`scope`,`scope_key`);--> statement-breakpoint
CREATE TABLE `inbound_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`message_id` text,
	`payload` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_events_event_id_unique` ON `inbound_events` (`event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_events_message_id_unique` ON `inbound_events` (`message_id`);--> statement-breakpoint
CREATE INDEX `inbound_events_status` ON `inbound_events` (`status`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`key` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`comparator` text NOT NULL,
	`target` real NOT NULL,
	`due` text,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_key` ON `indicators` (`task_id`,`key`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`kind` text NOT NULL,
	`recipient_type` text NOT NULL,
	`recipient_id` text NOT NULL,
	`msg_type` text NOT NULL,
	`content` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`message_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `plan_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`position` integer NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`unit_id` integer,
	`open_id` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_members_position` ON `plan_members` (`plan_id`,`position`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`issuer` text NOT NULL,
	`issued_on` text NOT NULL,
	`timezone` text NOT NULL,
	`office_unit_id` integer,
	`source_text` text,
	`spec` text NOT NULL,
	`loaded_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`office_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plans_slug_unique` ON `plans` (`slug`);--> statement-breakpoint
CREATE TABLE `report_cards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`round_id` integer NOT NULL,
	`period` text NOT NULL,
	`unit_id` integer NOT NULL,
	`chat_id` text NOT NULL,
	`outbox_key` text NOT NULL,
	`message_id` text,
	`selected_task` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_cards_outbox_key_unique` ON `report_cards` (`outbox_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `report_cards_message_id_unique` ON `report_cards` (`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `report_cards_unit` ON `report_cards` (`round_id`,`period`,`unit_id`,`chat_id`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`version` integer NOT NULL,
	`progress` text NOT NULL,
	`percent` integer NOT NULL,
	`narrative` text NOT NULL,
	`problems` text DEFAULT '' NOT NULL,
	`next_steps` text DEFAULT '' NOT NULL,
	`indicator_values` text DEFAULT '{}' NOT NULL,
	`submitted_by` text NOT NULL,
	`submitted_by_name` text,
	`submitted_at` integer NOT NULL,
	`source` text NOT NULL,
	`source_event_id` text,
	`content_hash` text NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_version` ON `reports` (`assignment_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_event` ON `reports` (`source_event_id`,`assignment_id`);--> statement-breakpoint
CREATE INDEX `reports_submitted_at` ON `reports` (`submitted_at`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`report_id` integer NOT NULL,
	`decision` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`reviewer_open_id` text NOT NULL,
	`reviewer_unit_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reviews_assignment` ON `reviews` (`assignment_id`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`key` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`reporter` text NOT NULL,
	`recipient` text NOT NULL,
	`opens_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`recurrence` text,
	`until` text,
	`tasks` text NOT NULL,
	`reminder_days` text NOT NULL,
	`reminder_at` text NOT NULL,
	`rollover` integer DEFAULT false NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_key` ON `rounds` (`plan_id`,`key`);--> statement-breakpoint
CREATE TABLE `task_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`role` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_units_role` ON `task_units` (`task_id`,`unit_id`,`role`);--> statement-breakpoint
CREATE INDEX `task_units_unit` ON `task_units` (`unit_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`number` text NOT NULL,
	`parent_number` text,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`short` text NOT NULL,
	`body` text NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_number` ON `tasks` (`plan_id`,`number`);--> statement-breakpoint
CREATE TABLE `tick_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`plan_id` integer,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	`claimed_at` integer NOT NULL,
	`claimed_by` text NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tick_actions_key_unique` ON `tick_actions` (`key`);--> statement-breakpoint
CREATE TABLE `unit_chats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`chat_id` text NOT NULL,
	`bound_by` text,
	`bound_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_chats_chat` ON `unit_chats` (`chat_id`);--> statement-breakpoint
CREATE INDEX `unit_chats_unit` ON `unit_chats` (`unit_id`);--> statement-breakpoint
CREATE TABLE `unit_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`open_id` text,
	`name` text,
	`mobile` text,
	`email` text,
	`role` text DEFAULT 'contact' NOT NULL,
	`source` text NOT NULL,
	`away_until` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_contacts_open_id` ON `unit_contacts` (`unit_id`,`open_id`);--> statement-breakpoint
CREATE INDEX `unit_contacts_by_open_id` ON `unit_contacts` (`open_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`to_confirm` integer DEFAULT false NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_code_unique` ON `units` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_unique` ON `units` (`name`);