'use client';

import { useState } from 'react';

/** Drops empty filters and trims text, so the query sees only what the person asked for. */
function cleaned<F extends object>(draft: F): F {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) {
    const v = typeof value === 'string' ? value.trim() : value;
    if (v !== '' && v !== undefined && v !== null && v !== false) out[key] = v;
  }
  return out as F;
}

/**
 * The state of a filtered, paged table: what is typed in the filter form (`draft`), what
 * the query uses (`filters`, applied on submit) and the page (back to 1 on every new filter).
 */
export function useListFilters<F extends object>(initial: F = {} as F) {
  const [draft, setDraft] = useState<F>(initial);
  const [filters, setFilters] = useState<F>(cleaned(initial));
  const [page, setPage] = useState(1);
  return {
    draft,
    filters,
    page,
    setPage,
    /** Changes the form; `now` also applies it (for selects that filter at once). */
    set(patch: Partial<F>, now = false) {
      const next = { ...draft, ...patch };
      setDraft(next);
      if (now) {
        setFilters(cleaned(next));
        setPage(1);
      }
    },
    apply() {
      setFilters(cleaned(draft));
      setPage(1);
    },
    reset() {
      setDraft(initial);
      setFilters(cleaned(initial));
      setPage(1);
    },
  };
}
