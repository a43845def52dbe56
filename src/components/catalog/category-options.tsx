type CategoryOption = { id: number; name: string; parentId: number | null; status?: string };

/** Categories in tree order, each with its depth, for indented pickers and lists. */
export function treeOrder<T extends CategoryOption>(categories: T[]): (T & { depth: number; path: string })[] {
  const children = new Map<number | null, T[]>();
  const ids = new Set(categories.map((c) => c.id));
  for (const c of categories) {
    // A category whose parent is not in the list (e.g. not assigned) shows at the top.
    const parent = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const out: (T & { depth: number; path: string })[] = [];
  const walk = (parent: number | null, depth: number, prefix: string) => {
    for (const c of children.get(parent) ?? []) {
      const path = prefix ? `${prefix}/${c.name}` : c.name;
      out.push({ ...c, depth, path });
      walk(c.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}

/** <option>s of a category <select>, indented by depth. */
export function CategoryOptions({ categories, disabledLabel }: { categories: CategoryOption[]; disabledLabel?: string }) {
  return (
    <>
      {treeOrder(categories).map((c) => (
        <option key={c.id} value={c.id}>
          {'\u3000'.repeat(c.depth)}
          {c.name}
          {c.status === 'disabled' && disabledLabel ? ` (${disabledLabel})` : ''}
        </option>
      ))}
    </>
  );
}
