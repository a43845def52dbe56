-- Each product's catalog JSON kept ready in its own row, so that a catalog page (the full sync
-- reads ninety thousand of them) concatenates a few ready texts instead of building every
-- product's JSON again (BENCHMARKS.md, full sync). What a mall reads of a product
-- (`toMallProduct`, docs/open-api.md "Product") depends on the row, on the distributor's fee
-- rate and on the public base URL; the row's part is written here, by a trigger on every
-- INSERT and UPDATE of products (below), whatever path writes it (staff, suppliers, orders, imports),
-- from the very row version written: it can never lag behind the row.
--   mall_json_head  '{"id":…,"skuCode":…,…,"minQuantity":…' with chr(1) where the public base
--                   URL goes (JSON-escaped), before each upload's /uploads/<key>
--   mall_json_tail  ',"freight":…,"status":…,"version":…,"updatedAt":"…"}'
-- A page puts the stock, the supply price and the distributor's three fee fields between them
-- (domain/catalog/mall-product.ts, `readyMallProductJson`). A raw chr(1) cannot occur in the rest of the text: every string in
-- it is JSON, which writes control characters as \u0001.
-- Not columns of the drizzle schema: nothing but the catalog pages reads them.

-- An array of upload keys as the JSON array of their URLs, chr(1) standing for the base URL:
-- `uploadUrl` of storage/urls.ts (absolute http(s) URLs as they are; any other key under
-- <base>/uploads/, percent-encoded as encodeURIComponent does, `/` kept between segments).
-- The keys of the app's own uploads need no escaping (only characters encodeURIComponent keeps,
-- and `/`): then the prefix goes in front of each key of the array's text.
CREATE FUNCTION "hub_upload_urls_json"(keys jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  t text := keys::text;
BEGIN
  IF t = '[]' THEN
    RETURN '[]';
  ELSIF t ~ '^\["[/A-Za-z0-9_.!~*''()-]*"(, "[/A-Za-z0-9_.!~*''()-]*")*\]$' THEN
    RETURN '["' || chr(1) || '/uploads/' || replace(substr(t, 3), '", "', '","' || chr(1) || '/uploads/');
  END IF;
  RETURN (SELECT '[' || string_agg(
      CASE WHEN e.key ~ '^https?://' THEN to_json(e.key)::text
        ELSE '"' || chr(1) || '/uploads/' || (
          SELECT coalesce(string_agg(CASE WHEN b < 128 AND chr(b) ~ '^[/A-Za-z0-9_.!~*''()-]$' THEN chr(b) ELSE '%' || upper(lpad(to_hex(b), 2, '0')) END, '' ORDER BY i), '')
          FROM (SELECT get_byte(bytes, i) AS b, i FROM (SELECT convert_to(e.key, 'UTF8') AS bytes) k, generate_series(0, length(bytes) - 1) i) kb) || '"'
      END, ',' ORDER BY e.n) || ']'
    FROM jsonb_array_elements_text(keys) WITH ORDINALITY e(key, n));
END
$$;--> statement-breakpoint
CREATE FUNCTION "products_mall_json_head"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.mall_json_head := '{"id":' || NEW.id
    || ',"skuCode":' || to_json(NEW.sku_code)
    || ',"title":' || to_json(NEW.title)
    || ',"categoryId":' || NEW.category_id
    || ',"brandId":' || NEW.brand_id
    || ',"images":' || hub_upload_urls_json(NEW.images)
    || ',"detailImages":' || hub_upload_urls_json(NEW.detail_images)
    || ',"attributes":' || NEW.attributes::text
    || ',"minQuantity":' || NEW.min_quantity;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE FUNCTION "products_mall_json_tail"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A mall is told a listed status as it is; any other is withdrawn.
  NEW.mall_json_tail := ',"freight":' || NEW.freight
    || ',"status":"' || CASE WHEN NEW.status IN ('on_sale', 'sold_out') THEN NEW.status::text ELSE 'unavailable' END
    || '","version":' || NEW.version
    || ',"updatedAt":"' || to_char(NEW.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}';
  RETURN NEW;
END
$$;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "mall_json_head" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "mall_json_tail" text;--> statement-breakpoint
-- Each part is written when a column it shows is written (or the part itself), so an order's
-- stock update (stock, version, updated_at: hub_place_orders, once per group) writes only the
-- tail, and never takes an image array apart. A listed column is written even when the
-- UPDATE gives it the value it had: the part is then written again, the same.
CREATE TRIGGER "products_mall_json_head" BEFORE INSERT OR UPDATE OF
  "id", "sku_code", "title", "category_id", "brand_id", "images", "detail_images", "attributes", "min_quantity", "mall_json_head"
  ON "products" FOR EACH ROW EXECUTE FUNCTION "products_mall_json_head"();--> statement-breakpoint
CREATE TRIGGER "products_mall_json_tail" BEFORE INSERT OR UPDATE OF "freight", "status", "version", "updated_at", "mall_json_tail"
  ON "products" FOR EACH ROW EXECUTE FUNCTION "products_mall_json_tail"();--> statement-breakpoint
-- The rows there are: the triggers write both (no version or time changes: nothing a mall sees does).
UPDATE "products" SET "mall_json_head" = NULL, "mall_json_tail" = NULL;--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "mall_json_head" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "mall_json_tail" SET NOT NULL;
