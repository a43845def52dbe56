ALTER TABLE "orders" ADD COLUMN "level_id" integer;--> statement-breakpoint
-- Orders made before this migration: the level their distributor is at now is the best there is.
UPDATE "orders" o SET "level_id" = d."level_id" FROM "distributors" d WHERE d."id" = o."distributor_id";--> statement-breakpoint
-- Every order records its distributor's level as it is made, whatever path inserts it (the open
-- API's single and grouped orders, test mode): reports by level then follow the level an order
-- was made at, not the one its distributor is at today.
CREATE FUNCTION "orders_level_at_creation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.level_id IS NULL THEN
    SELECT d.level_id INTO NEW.level_id FROM distributors d WHERE d.id = NEW.distributor_id;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "orders_level_at_creation" BEFORE INSERT ON "orders" FOR EACH ROW EXECUTE FUNCTION "orders_level_at_creation"();
