ALTER TYPE "public"."delivery_status" ADD VALUE 'superseded';--> statement-breakpoint
ALTER TABLE "distributors" ADD COLUMN "callback_failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "distributors" ADD COLUMN "callback_disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "distributors" ADD COLUMN "callback_disabled_reason" text;--> statement-breakpoint
CREATE INDEX "outbox_events_pending_stock_idx" ON "outbox_events" USING btree ("distributor_id",("data"->>'productId')) WHERE "outbox_events"."type" = 'product.stock_changed' AND "outbox_events"."delivery_status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_events_failed_idx" ON "outbox_events" USING btree ("distributor_id","created_at") WHERE "outbox_events"."delivery_status" = 'failed';