-- A product is withdrawn (off_shelf), never deleted, and the database now refuses to delete
-- one. Malls learn of every change from the product's own row: an incremental sync lists the
-- rows changed since a time (a withdrawn product as `unavailable`), a page read ahead is
-- checked against the rows changed in its range (domain/mall/pages-ahead.ts), and the stock
-- rules lock rows by id (domain/inventory/stock-rules.ts). A deleted row would leave nothing
-- to see: malls would keep selling it, and a page read ahead would still hold it.
CREATE FUNCTION "hub_products_never_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'products are withdrawn (status off_shelf), never deleted'
    USING ERRCODE = 'restrict_violation', HINT = 'Malls learn of a change only from the product''s row.';
END
$$;--> statement-breakpoint
CREATE TRIGGER "products_never_deleted" BEFORE DELETE ON "products"
  FOR EACH ROW EXECUTE FUNCTION "hub_products_never_deleted"();--> statement-breakpoint
CREATE TRIGGER "products_never_truncated" BEFORE TRUNCATE ON "products"
  FOR EACH STATEMENT EXECUTE FUNCTION "hub_products_never_deleted"();
