-- A statement that must fail its transaction when a condition does not hold. The order
-- path sends BEGIN, its rows, its reservations and COMMIT in one write (domain/orders/
-- create.ts): a reservation that finds too little stock raises through this, so the
-- transaction aborts and the COMMIT already on its way rolls everything back.
CREATE FUNCTION "hub_assert"("ok" boolean, "reason" text) RETURNS boolean
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION USING ERRCODE = 'HB001', MESSAGE = reason;
  END IF;
  RETURN true;
END
$$;
