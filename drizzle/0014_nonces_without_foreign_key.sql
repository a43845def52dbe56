-- The admission's nonce insert (open-api/rate-limit.ts) checked this foreign key, and the
-- check locks the distributor's row (FOR KEY SHARE): a change to a logged table, so the
-- admission's transaction wrote WAL and its commit waited for a disk flush, although
-- api_nonces itself is unlogged (0012). Without it an admission writes only unlogged
-- tables and commits without waiting for the disk. The admission inserts nonces only for
-- distributors it has just read, distributors are never deleted (only disabled), and the
-- prune job deletes nonces after 10 minutes.
ALTER TABLE "api_nonces" DROP CONSTRAINT "api_nonces_distributor_id_distributors_id_fk";
