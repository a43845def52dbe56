-- Orders that arrive together for the same products are placed together: one transaction,
-- one update of each product row and one commit for the group (domain/orders/create.ts),
-- where one order at a time queued for the product's row lock and a commit of its own.
-- Each order is still decided alone, in arrival order: it is placed with all its lines or
-- not at all, and an order that does not fit is refused while the others go through.
--
-- p_orders: a JSON array of planned orders (prices, ids and numbers already decided):
--   [{n, id, order_no, distributor_id, mall_order_no, request_hash, goods_amount, freight,
--     total_amount, receiver, remark, fee_bps, audit,
--     lines: [{product_id, owner_supplier_id, sku_code, title, quantity, supply_price,
--              unit_price, amount, freight, cost_price}]}]
-- One row per order comes back, `outcome` saying what became of it:
--   placed           the order, its lines and audit row are written; placed_at, pay_by set
--   duplicate        (distributor, mall_order_no) exists already, committed by an earlier
--                    group or by another in this one: nothing written, the caller replays it
--   out_of_stock     a line does not fit the stock left; `shortages` names them
--   listing_changed  a product is no longer on sale at the prices, minimum and freight the
--                    order was planned on: the caller plans it again
CREATE FUNCTION "hub_place_orders"("p_orders" json, "p_expires_seconds" integer)
  RETURNS TABLE ("order_n" integer, "outcome" text, "placed_at" timestamptz, "pay_by" timestamptz, "shortages" json)
  LANGUAGE plpgsql
  -- Plan each statement once per session: re-planning them per call cost more than a small group's rows.
  SET plan_cache_mode = force_generic_plan
  AS $$
DECLARE
  v_ids integer[];
  v_left integer[];
  v_taken integer[];
  v_status product_status[];
  v_supply bigint[];
  v_cost bigint[];
  v_freight bigint[];
  v_min integer[];
  v_changed boolean;
  v_short json[];
  v_i integer;
  o record;
  l record;
BEGIN
  -- Every product of the group, locked in id order (as every other writer of products
  -- locks them: no deadlock), then read as the last commit left it. NO KEY UPDATE, the lock
  -- the UPDATE below takes anyway: it still queues every other writer of the row, but not
  -- another transaction's foreign-key check on it (an order line or a stock movement of
  -- this product being inserted).
  v_ids := ARRAY(
    SELECT DISTINCT (line->>'product_id')::integer
    FROM json_array_elements(p_orders) AS ord, json_array_elements(ord->'lines') AS line
    ORDER BY 1);
  PERFORM 1 FROM products WHERE id = ANY(v_ids) ORDER BY id FOR NO KEY UPDATE;
  SELECT array_agg(p.stock ORDER BY u.k), array_agg(p.status ORDER BY u.k), array_agg(p.supply_price ORDER BY u.k),
         array_agg(p.cost_price ORDER BY u.k), array_agg(p.freight ORDER BY u.k), array_agg(p.min_quantity ORDER BY u.k)
    INTO v_left, v_status, v_supply, v_cost, v_freight, v_min
    FROM unnest(v_ids) WITH ORDINALITY AS u(id, k) LEFT JOIN products p ON p.id = u.id;
  v_taken := array_fill(0, ARRAY[cardinality(v_ids)]);

  FOR o IN
    SELECT * FROM json_to_recordset(p_orders) AS x(n integer, id bigint, order_no text, distributor_id integer, mall_order_no text,
      request_hash text, goods_amount bigint, freight bigint, total_amount bigint, receiver json, remark text, fee_bps integer,
      audit json, lines json)
    ORDER BY x.n
  LOOP
    order_n := o.n;
    placed_at := NULL;
    pay_by := NULL;
    shortages := NULL;
    v_changed := false;
    v_short := '{}';
    FOR l IN SELECT * FROM json_to_recordset(o.lines) AS y(product_id integer, quantity integer, supply_price bigint, cost_price bigint, freight bigint) LOOP
      v_i := array_position(v_ids, l.product_id);
      IF v_status[v_i] IS DISTINCT FROM 'on_sale' OR v_supply[v_i] IS DISTINCT FROM l.supply_price OR v_cost[v_i] IS DISTINCT FROM l.cost_price
         OR v_freight[v_i] IS DISTINCT FROM l.freight OR v_min[v_i] > l.quantity THEN
        v_changed := true;
      ELSIF v_left[v_i] < l.quantity THEN
        v_short := v_short || json_build_object('productId', l.product_id, 'requested', l.quantity, 'available', v_left[v_i]);
      END IF;
    END LOOP;
    IF v_changed THEN
      outcome := 'listing_changed';
      RETURN NEXT;
      CONTINUE;
    END IF;
    IF cardinality(v_short) > 0 THEN
      outcome := 'out_of_stock';
      shortages := array_to_json(v_short);
      RETURN NEXT;
      CONTINUE;
    END IF;

    -- The idempotency record decides: a number placed before (or earlier in this group) is not placed again.
    INSERT INTO orders (id, order_no, distributor_id, mall_order_no, request_hash, goods_amount, freight, total_amount, receiver, remark, expires_at)
    VALUES (o.id, o.order_no, o.distributor_id, o.mall_order_no, o.request_hash, o.goods_amount, o.freight, o.total_amount, o.receiver::jsonb,
            o.remark, now() + make_interval(secs => p_expires_seconds))
    ON CONFLICT ON CONSTRAINT orders_distributor_mall_order_no_key DO NOTHING
    RETURNING orders.created_at, orders.expires_at INTO placed_at, pay_by;
    IF NOT FOUND THEN
      outcome := 'duplicate';
      RETURN NEXT;
      CONTINUE;
    END IF;

    -- The lines in the order given (their ids keep it).
    INSERT INTO order_items (order_id, fee_bps, product_id, owner_supplier_id, sku_code, title, quantity, supply_price, unit_price, amount, freight, cost_price)
    SELECT o.id, o.fee_bps, y.product_id, y.owner_supplier_id, y.sku_code, y.title, y.quantity, y.supply_price, y.unit_price, y.amount, y.freight, y.cost_price
    FROM ROWS FROM (json_to_recordset(o.lines) AS (product_id integer, owner_supplier_id integer, sku_code text, title text, quantity integer,
                    supply_price bigint, unit_price bigint, amount bigint, freight bigint, cost_price bigint)) WITH ORDINALITY
         AS y(product_id, owner_supplier_id, sku_code, title, quantity, supply_price, unit_price, amount, freight, cost_price, k)
    ORDER BY y.k;
    INSERT INTO audit_log (actor_kind, actor_distributor_id, action, entity_type, entity_id, detail)
    VALUES ('mall', o.distributor_id, 'order.create', 'order', o.order_no, o.audit::jsonb);

    FOR l IN SELECT * FROM json_to_recordset(o.lines) AS y(product_id integer, quantity integer) LOOP
      v_i := array_position(v_ids, l.product_id);
      v_left[v_i] := v_left[v_i] - l.quantity;
      v_taken[v_i] := v_taken[v_i] + l.quantity;
    END LOOP;
    outcome := 'placed';
    RETURN NEXT;
  END LOOP;

  -- One write of each product for the whole group: the stock it left, one new version and
  -- updated_at for the catalog sync (a group is one change).
  UPDATE products p SET stock = p.stock - t.taken, version = p.version + 1, updated_at = clock_timestamp()
  FROM unnest(v_ids, v_taken) AS t(id, taken)
  WHERE p.id = t.id AND t.taken > 0;

  -- Malls hear of the new stock through a debounced job (`announce_stock`, keyed per
  -- product): queued only when no run of it is waiting already (then that run reads this
  -- group's stock: the job waits for the product's row lock before reading, jobs/tasks.ts).
  -- graphile-worker's own table (pinned at 0.16.6): a keyed job not yet started.
  PERFORM graphile_worker.add_job('announce_stock', json_build_object('productId', t.id), run_at := now() + interval '1 second',
                                  max_attempts := 5, job_key := 'announce_stock:' || t.id, job_key_mode := 'preserve_run_at')
  FROM unnest(v_ids, v_taken) AS t(id, taken)
  WHERE t.taken > 0
    AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.key = 'announce_stock:' || t.id AND j.locked_at IS NULL AND j.attempts = 0);
END
$$;
