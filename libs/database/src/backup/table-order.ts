/** A foreign key: rows of `table` reference rows of `references`. */
export interface TableReference {
  table: string;
  references: string;
}

/**
 * Tables ordered so that every table comes after the tables it references (a restore loads them
 * in this order, foreign keys checked as it goes); among tables free to go next, by name, so the
 * order is stable. A table referencing itself is fine (one COPY checks its rows at the end of the
 * statement); tables referencing each other in a cycle cannot be loaded one after the other.
 */
export function dependencyOrder(tables: readonly string[], references: readonly TableReference[]): string[] {
  const known = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const r of references) {
    if (r.table === r.references || !known.has(r.table) || !known.has(r.references)) continue;
    parents.get(r.table)?.add(r.references);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = [...parents.entries()]
      .filter(([t, ps]) => !placed.has(t) && [...ps].every((p) => placed.has(p)))
      .map(([t]) => t)
      .sort();
    if (ready.length === 0) {
      const stuck = tables.filter((t) => !placed.has(t)).sort();
      throw new Error(`tables reference each other in a cycle: ${stuck.join(', ')}`);
    }
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}
