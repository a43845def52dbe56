'use client';

import { usePathname, useSearchParams } from 'next/navigation';
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

export type SortDir = 'asc' | 'desc';
export type ListSort<S extends string = string> = { by: S; dir: SortDir };

type Options<F extends object, S extends string> = {
  /**
   * Keep the filters, page and sort in the address (`?status=paid&page=2`), so a reload, the
   * Back button and a shared link show the same list. One list per page may do this.
   */
  url?: boolean;
  /** How to read a filter back from the address: text unless said here. */
  types?: Partial<Record<keyof F, 'number' | 'boolean'>>;
  /** The order of the rows when the person has not chosen one. */
  sort?: ListSort<S>;
};

const RESERVED = new Set(['page', 'sort', 'dir']);

function fromParams<F extends object>(params: URLSearchParams, initial: F, types: Options<F, string>['types']): F {
  const out: Record<string, unknown> = { ...(initial as Record<string, unknown>) };
  for (const [key, value] of params) {
    if (RESERVED.has(key)) continue;
    const type = types?.[key as keyof F];
    if (type === 'number') {
      const n = Number(value);
      if (Number.isFinite(n)) out[key] = n;
    } else if (type === 'boolean') out[key] = value === 'true';
    else out[key] = value;
  }
  return out as F;
}

function toQuery(filters: object, page: number, sort: ListSort | undefined, defaultSort: ListSort | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(cleaned(filters))) params.set(key, String(value));
  if (page > 1) params.set('page', String(page));
  if (sort && (sort.by !== defaultSort?.by || sort.dir !== defaultSort?.dir)) {
    params.set('sort', sort.by);
    params.set('dir', sort.dir);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The state of a filtered, paged, sorted table: what is typed in the filter form (`draft`),
 * what the query uses (`filters`, applied on submit or at once for selects), the page (back
 * to 1 on every new filter) and the sort. With `url`, the applied state lives in the address.
 */
export function useListFilters<F extends object, S extends string = string>(initial: F = {} as F, options: Options<F, S> = {}) {
  const pathname = usePathname();
  const params = useSearchParams();
  const fromUrl = options.url === true;
  const query = fromUrl ? params.toString() : '';

  const [local, setLocal] = useState<{ filters: F; page: number; sort?: ListSort<S> }>(() => ({ filters: cleaned(initial), page: 1, sort: options.sort }));
  const applied = fromUrl
    ? {
        filters: cleaned(fromParams(params, initial, options.types)),
        page: Math.max(1, Number(params.get('page')) || 1),
        sort: params.get('sort') ? { by: params.get('sort') as S, dir: (params.get('dir') === 'asc' ? 'asc' : 'desc') as SortDir } : options.sort,
      }
    : local;

  // The form follows the address when it changes from outside (Back, a link with filters),
  // not when the change is this list's own.
  const [draft, setDraft] = useState<F>(() => ({ ...initial, ...applied.filters }));
  const [seenQuery, setSeenQuery] = useState(query);
  const [ownQuery, setOwnQuery] = useState<string | null>(null);
  if (seenQuery !== query) {
    setSeenQuery(query);
    if (query !== ownQuery) setDraft({ ...initial, ...applied.filters });
  }

  const commit = (next: { filters: F; page: number; sort?: ListSort<S> }) => {
    if (!fromUrl) return setLocal(next);
    const target = toQuery(next.filters, next.page, next.sort, options.sort);
    setOwnQuery(target.slice(1));
    // The browser's own history call: Next.js syncs useSearchParams with it, without asking
    // the server for the page again (router.replace would).
    window.history.replaceState(null, '', `${pathname}${target}`);
  };

  return {
    draft,
    filters: applied.filters,
    page: applied.page,
    sort: applied.sort,
    setPage(page: number) {
      commit({ ...applied, page });
    },
    setSort(sort: ListSort<S>) {
      commit({ ...applied, page: 1, sort });
    },
    /** Changes the form; `now` also applies it (for selects that filter at once). */
    set(patch: Partial<F>, now = false) {
      const next = { ...draft, ...patch };
      setDraft(next);
      if (now) commit({ filters: cleaned(next), page: 1, sort: applied.sort });
    },
    apply() {
      commit({ filters: cleaned(draft), page: 1, sort: applied.sort });
    },
    reset() {
      setDraft(initial);
      commit({ filters: cleaned(initial), page: 1, sort: options.sort });
    },
  };
}

export type ListFilters<F extends object, S extends string = string> = ReturnType<typeof useListFilters<F, S>>;
