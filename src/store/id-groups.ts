/**
 * Vulnerability groups (every id and alias of one vulnerability: CVE-y, GHSA-x, PYSEC-z) built in
 * memory. An import into a store that holds no id yet keeps its groups here and writes them once,
 * when it commits (see the import session in kysely-store.ts): the store then never has to look
 * up or rename a group it wrote itself, and the rows go in sorted once instead of batch by batch.
 */

/** True when `a` should name a group rather than `b`: a CVE id first, then the smallest id. */
export function preferId(a: string, b: string): boolean {
  const aCve = a.startsWith('CVE-');
  const bCve = b.startsWith('CVE-');
  if (aCve !== bCve) return aCve;
  return a < b;
}

/**
 * Ids partitioned into groups, each named by its preferred member (`preferId`). Linking the ids
 * of a record merges every group they touch, so the groups come out as the union-find over all
 * linked records would make them, whatever the order.
 */
export class IdGroups {
  readonly #groupOf = new Map<string, string>();
  readonly #members = new Map<string, string[]>();

  /** Ids held. */
  get size(): number {
    return this.#groupOf.size;
  }

  /** Puts one record's id and aliases into one group. */
  link(ids: readonly string[]): void {
    // A group is named by its preferred member, so the merged group's name is the preferred one
    // of the new ids and the names of the groups they already belong to.
    let name: string | undefined;
    for (const id of ids) {
      const candidate = this.#groupOf.get(id) ?? id;
      if (name === undefined || preferId(candidate, name)) name = candidate;
    }
    if (name === undefined) return;
    let members = this.#members.get(name);
    if (members === undefined) {
      members = [];
      this.#members.set(name, members);
    }
    for (const id of ids) {
      const current = this.#groupOf.get(id);
      if (current === name) continue;
      if (current === undefined) {
        this.#groupOf.set(id, name);
        members.push(id);
        continue;
      }
      for (const member of this.#members.get(current) ?? []) {
        this.#groupOf.set(member, name);
        members.push(member);
      }
      this.#members.delete(current);
    }
  }

  /** Group of `id`, when it has one. */
  groupOf(id: string): string | undefined {
    return this.#groupOf.get(id);
  }

  /**
   * Every id with its group, as `advisory_ids` rows in id order: the order of the table's
   * primary key, where sorted rows are appended instead of inserted at random places (measured:
   * 30 against 75 ms for the 21,619 ids of the OSV benchmark), and the plain string sort of the
   * ids takes two thirds of the time of sorting the rows by a comparator.
   */
  rows(): { id: string; group_id: string }[] {
    const ids = [...this.#groupOf.keys()].sort();
    return ids.map((id) => ({ id, group_id: this.#groupOf.get(id) as string }));
  }
}
