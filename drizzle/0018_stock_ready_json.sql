-- Each product's answer to `POST /stock` kept ready in its own row, so that a stock read (malls
-- poll it: the open API's hottest read) joins a hundred ready texts instead of building each
-- product's JSON again: building it was most of PostgreSQL's work per read (BENCHMARKS.md,
-- signed reads). Written by a trigger on every INSERT and UPDATE of the columns it shows, whatever
-- path writes them (staff, suppliers, orders, imports), from the very row version written: it
-- can never lag behind the row.
--   stock_json  '{"productId":…,"stock":…,"status":"on_sale"|"sold_out","version":…}' for a
--               listed status, '{"productId":…,"stock":0,"status":"unavailable","version":…}' for
--               any other (docs/open-api.md `POST /stock`: a mall is told a withdrawn product
--               is unavailable, with its version).
-- Whether the product is offered to the distributor reading (grants) is decided by the read
-- itself (domain/mall/catalog.ts); a product not offered reads unavailable there too.
-- Not a column of the drizzle schema: nothing but the stock read reads it.
CREATE FUNCTION "products_stock_json"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.stock_json := CASE WHEN NEW.status IN ('on_sale', 'sold_out')
    THEN '{"productId":' || NEW.id || ',"stock":' || NEW.stock || ',"status":"' || NEW.status::text || '","version":' || NEW.version || '}'
    ELSE '{"productId":' || NEW.id || ',"stock":0,"status":"unavailable","version":' || NEW.version || '}' END;
  RETURN NEW;
END
$$;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "stock_json" text;--> statement-breakpoint
-- Written when a column it shows is written (or the text itself): an order's stock update
-- (stock, version: hub_place_orders, once per group) writes it once per product and group.
CREATE TRIGGER "products_stock_json" BEFORE INSERT OR UPDATE OF "id", "stock", "status", "version", "stock_json"
  ON "products" FOR EACH ROW EXECUTE FUNCTION "products_stock_json"();--> statement-breakpoint
-- The rows there are: the trigger writes it (no version or time changes: nothing a mall sees does).
UPDATE "products" SET "stock_json" = NULL;--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "stock_json" SET NOT NULL;
