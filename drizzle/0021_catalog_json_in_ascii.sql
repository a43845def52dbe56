-- The catalog's JSON written in ASCII: every character beyond ASCII in a product's ready head
-- (drizzle/0017: its title, SKU code, attributes, absolute image URLs) as a JSON \u escape,
-- as every other answer of the open API writes it (docs/open-api.md "Responses and errors";
-- `asciiJson`, src/lib/json-text.ts). A JSON parser reads back the same text. A page is
-- then one-byte text for a JavaScript mall: decoding and parsing a full-sync page of 500
-- products took 1.75 ms of its thread with the titles' Chinese as UTF-8 and 1.05 ms in
-- ASCII (BENCHMARKS.md, full sync), for 3 % more bytes.

-- `t` with each character beyond ASCII written as JSON writes it escaped: \uXXXX in lower case,
-- a character beyond the Basic Multilingual Plane as its UTF-16 surrogate pair (as
-- JavaScript's JSON.stringify escapes one). Only for JSON text: there such a character can
-- only stand inside a string, as itself. Each distinct character is replaced once over
-- the whole text (a title's few distinct characters: ~15 µs a product, measured).
CREATE FUNCTION "hub_json_ascii"(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  c text;
  code integer;
BEGIN
  IF t !~ '[^\x01-\x7f]' THEN
    RETURN t;
  END IF;
  FOR c IN SELECT DISTINCT m[1] FROM regexp_matches(t, '([^\x01-\x7f])', 'g') m LOOP
    code := ascii(c);
    t := replace(t, c, CASE WHEN code < 65536 THEN '\u' || lpad(to_hex(code), 4, '0')
      ELSE '\u' || to_hex(55296 + ((code - 65536) >> 10)) || '\u' || to_hex(56320 + ((code - 65536) & 1023)) END);
  END LOOP;
  RETURN t;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "products_mall_json_head"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.mall_json_head := hub_json_ascii('{"id":' || NEW.id
    || ',"skuCode":' || to_json(NEW.sku_code)
    || ',"title":' || to_json(NEW.title)
    || ',"categoryId":' || NEW.category_id
    || ',"brandId":' || NEW.brand_id
    || ',"images":' || hub_upload_urls_json(NEW.images)
    || ',"detailImages":' || hub_upload_urls_json(NEW.detail_images)
    || ',"attributes":' || NEW.attributes::text
    || ',"minQuantity":' || NEW.min_quantity);
  RETURN NEW;
END
$$;--> statement-breakpoint
-- The rows there are: the trigger writes each head again (nothing a mall reads changes: no version or time).
UPDATE "products" SET "mall_json_head" = NULL WHERE "mall_json_head" ~ '[^\x01-\x7f]';
