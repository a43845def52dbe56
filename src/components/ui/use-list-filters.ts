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
   * Back button and a shared link show the same list. A page with several such lists names
   * each (`url: 'topups'` keeps `?topups.status=pending&topups.page=2`); each list reads and
   * writes only its own keys and leaves the others' as they are.
   */
  url?: boolean | string;
  /** How to read a filter back from the address: text unless said here. */
  types?: Partial<Record<keyof F, 'number' | 'boolean'>>;
  /** The order of the rows when the person has not chosen one. */
  sort?: ListSort<S>;
};

const RESERVED = new Set(['page', 'sort', 'dir']);

/** The address keys of a list: `status` for the page's unnamed list, `topups.status` for one named `topups`. */
function keyOf(prefix: string, key: string) {
  return prefix ? `${prefix}.${key}` : key;
}
/** The list's own key of an address key, or null when the key is another list's. */
function ownKey(prefix: string, key: string): string | null {
  if (!prefix) return key.includes('.') ? null : key;
  return key.startsWith(`${prefix}.`) ? key.slice(prefix.length + 1) : null;
}

/** The part of the address that is this list's (to tell its own changes from outside ones). */
function ownPart(params: URLSearchParams, prefix: string): string {
  return new URLSearchParams([...params].filter(([name]) => ownKey(prefix, name) !== null)).toString();
}

function fromParams<F extends object>(params: URLSearchParams, prefix: string, initial: F, types: Options<F, string>['types']): F {
  const out: Record<string, unknown> = { ...(initial as Record<string, unknown>) };
  for (const [name, value] of params) {
    const key = ownKey(prefix, name);
    if (key === null || RESERVED.has(key)) continue;
    const type = types?.[key as keyof F];
    if (type === 'number') {
      const n = Number(value);
      if (Number.isFinite(n)) out[key] = n;
    } else if (type === 'boolean') out[key] = value === 'true';
    else out[key] = value;
  }
  return out as F;
}

function toQuery(current: URLSearchParams, prefix: string, filters: object, page: number, sort: ListSort | undefined, defaultSort: ListSort | undefined): string {
  // Other lists' keys stay as they are; this list's are written again.
  const params = new URLSearchParams([...current].filter(([name]) => ownKey(prefix, name) === null));
  for (const [key, value] of Object.entries(cleaned(filters))) params.set(keyOf(prefix, key), String(value));
  if (page > 1) params.set(keyOf(prefix, 'page'), String(page));
  if (sort && (sort.by !== defaultSort?.by || sort.dir !== defaultSort?.dir)) {
    params.set(keyOf(prefix, 'sort'), sort.by);
    params.set(keyOf(prefix, 'dir'), sort.dir);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The filters, page and sort that a list's part of the address asks for. */
function appliedFrom<F extends object, S extends string>(params: URLSearchParams, prefix: string, initial: F, options: Options<F, S>) {
  const sortBy = params.get(keyOf(prefix, 'sort'));
  return {
    filters: cleaned(fromParams(params, prefix, initial, options.types)),
    page: Math.max(1, Number(params.get(keyOf(prefix, 'page'))) || 1),
    sort: sortBy ? { by: sortBy as S, dir: (params.get(keyOf(prefix, 'dir')) === 'asc' ? 'asc' : 'desc') as SortDir } : options.sort,
  };
}

/**
 * The state of a filtered, paged, sorted table: what is typed in the filter form (`draft`),
 * what the query uses (`filters`, applied on submit or at once for selects), the page (back
 * to 1 on every new filter) and the sort. With `url`, the applied state lives in the address.
 */
export function useListFilters<F extends object, S extends string = string>(initial: F = {} as F, options: Options<F, S> = {}) {
  const pathname = usePathname();
  const params = useSearchParams();
  const fromUrl = options.url !== undefined && options.url !== false;
  const prefix = typeof options.url === 'string' ? options.url : '';
  // What of the address is this list's: its own keys only, so that another list's change
  // does not reset this one's form.
  const query = fromUrl ? ownPart(params, prefix) : '';

  const [local, setLocal] = useState<{ filters: F; page: number; sort?: ListSort<S> }>(() => ({ filters: cleaned(initial), page: 1, sort: options.sort }));
  // The list's part of the address that the list shows. The list's own changes are kept here
  // as well as written to the address: the address reaches useSearchParams only once Next.js's
  // router has taken over the browser's history, so a filter chosen in the page's first
  // instant would change the address and leave the list as it was.
  const [shown, setShown] = useState(query);
  const applied = fromUrl ? appliedFrom(new URLSearchParams(shown), prefix, initial, options) : local;

  // The list and its form follow the address when it changes from outside (Back, a link with
  // filters), not when the change is the list's own.
  const [draft, setDraft] = useState<F>(() => ({ ...initial, ...applied.filters }));
  const [seenQuery, setSeenQuery] = useState(query);
  if (seenQuery !== query) {
    setSeenQuery(query);
    if (query !== shown) {
      setShown(query);
      setDraft({ ...initial, ...appliedFrom(new URLSearchParams(query), prefix, initial, options).filters });
    }
  }

  const commit = (next: { filters: F; page: number; sort?: ListSort<S> }) => {
    if (!fromUrl) return setLocal(next);
    const target = toQuery(new URLSearchParams(window.location.search), prefix, next.filters, next.page, next.sort, options.sort);
    setShown(ownPart(new URLSearchParams(target), prefix));
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
