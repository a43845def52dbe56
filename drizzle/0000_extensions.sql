-- Trigram indexes make substring search on product titles fast at 100k products.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
