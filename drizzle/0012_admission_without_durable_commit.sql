-- The open API's admission (nonce seen once, token bucket) without a durable commit per
-- request (open-api/rate-limit.ts). Both tables become UNLOGGED: their writes skip the
-- write-ahead log, so a commit that touched only them does not wait for a disk flush. They
-- are still ordinary shared tables, so every app server sees every nonce and every token.
--
-- What UNLOGGED gives up: after a crash of the database server (or a failover), they come
-- back empty. An empty bucket table only refills every bucket. An empty nonce table would
-- let a request captured in the last 300 s be replayed: hence api_nonce_epoch, reset with
-- them (it is unlogged too), which records since when the nonces are complete. A request
-- signed before that second is refused (hub_nonce_epoch below, and the admission).
ALTER TABLE "api_nonces" SET UNLOGGED;
--> statement-breakpoint
ALTER TABLE "rate_limit_buckets" SET UNLOGGED;
--> statement-breakpoint
CREATE UNLOGGED TABLE "api_nonce_epoch" (
  "one" boolean PRIMARY KEY DEFAULT true CHECK ("one"),
  "since" timestamptz NOT NULL
);
--> statement-breakpoint
-- Complete since the beginning: a new database has seen no nonce.
INSERT INTO "api_nonce_epoch" ("since") VALUES ('epoch');
--> statement-breakpoint
-- Since when api_nonces holds every nonce admitted: the row above, or, when a crash emptied
-- the table, now (the first admission after the crash records it).
CREATE FUNCTION "hub_nonce_epoch"() RETURNS timestamptz
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_since timestamptz;
BEGIN
  SELECT since INTO v_since FROM api_nonce_epoch;
  IF NOT FOUND THEN
    INSERT INTO api_nonce_epoch (since) VALUES (clock_timestamp()) ON CONFLICT DO NOTHING;
    SELECT since INTO v_since FROM api_nonce_epoch;
  END IF;
  RETURN v_since;
END
$$;
--> statement-breakpoint
-- Takes up to p_wanted whole tokens from a distributor's bucket at once (the requests of
-- one admission batch), refilled first at p_per_second since its last use, up to p_burst.
-- The row lock orders concurrent batches of every app server: no token is spent twice.
-- Returns how many were granted and what is left (for Retry-After).
CREATE FUNCTION "hub_take_tokens"("p_distributor" integer, "p_wanted" integer, "p_per_second" float8, "p_burst" float8)
  RETURNS TABLE ("granted" integer, "available" float8)
  LANGUAGE plpgsql
  -- Plan each statement once per session, not per call.
  SET plan_cache_mode = force_generic_plan
  AS $$
DECLARE
  v_tokens float8;
  v_refilled timestamptz;
  v_now timestamptz := clock_timestamp();
  v_available float8;
  v_granted integer;
BEGIN
  SELECT b.tokens, b.refilled_at INTO v_tokens, v_refilled FROM rate_limit_buckets b WHERE b.distributor_id = p_distributor FOR UPDATE;
  IF NOT FOUND THEN
    -- A new bucket starts full; another batch may be creating it right now: then take that one.
    INSERT INTO rate_limit_buckets (distributor_id, tokens, refilled_at) VALUES (p_distributor, p_burst, v_now) ON CONFLICT DO NOTHING;
    SELECT b.tokens, b.refilled_at INTO v_tokens, v_refilled FROM rate_limit_buckets b WHERE b.distributor_id = p_distributor FOR UPDATE;
  END IF;
  v_available := least(p_burst, v_tokens + p_per_second * greatest(0, extract(epoch FROM v_now - v_refilled)));
  v_granted := least(p_wanted, floor(v_available))::integer;
  UPDATE rate_limit_buckets SET tokens = v_available - v_granted, refilled_at = v_now WHERE distributor_id = p_distributor;
  RETURN QUERY SELECT v_granted, v_available - v_granted;
END
$$;
