-- The stock record is append-only, like the ledger: stock must always be explainable by
-- it, so no code path (and no mistaken hand-written query) may rewrite its history.
CREATE FUNCTION stock_movements_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'stock_movements is append-only (% refused)', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stock_movements_append_only
  BEFORE UPDATE OR DELETE ON stock_movements
  FOR EACH ROW EXECUTE FUNCTION stock_movements_refuse_change();
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_truncate
  BEFORE TRUNCATE ON stock_movements
  FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_refuse_change();
--> statement-breakpoint
-- A database from before this record: what was there is taken as it stands. Each order
-- that already gave its stock back gets its return, and each product opens with what it
-- holds now plus what live orders hold, so that both of the record's equations start true.
INSERT INTO stock_movements (product_id, kind, delta, order_id)
SELECT i.product_id, 'returned', sum(i.quantity), i.order_id
FROM order_items i JOIN orders o ON o.id = i.order_id
WHERE o.status IN ('cancelled', 'expired', 'refunded')
GROUP BY i.order_id, i.product_id;
--> statement-breakpoint
INSERT INTO stock_movements (product_id, kind, delta)
SELECT p.id, 'opening', p.stock + coalesce(held.quantity, 0)
FROM products p
LEFT JOIN (
  SELECT i.product_id, sum(i.quantity) AS quantity
  FROM order_items i JOIN orders o ON o.id = i.order_id
  WHERE o.status IN ('pending_payment', 'paid', 'shipped', 'completed')
  GROUP BY i.product_id
) held ON held.product_id = p.id
WHERE p.stock + coalesce(held.quantity, 0) <> 0
ORDER BY p.id;
