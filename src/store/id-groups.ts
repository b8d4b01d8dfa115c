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

/** One group: its name (its preferred member) and its members. */
interface Group {
  name: string;
  members: string[];
}

/**
 * Ids partitioned into groups, each named by its preferred member (`preferId`). Linking the ids
 * of a record merges every group they touch, so the groups come out as the union-find over all
 * linked records would make them, whatever the order. A merge moves the members of the smaller
 * groups into the largest one, so an id moves at most log2(n) times whatever the input (a feed
 * that links one id after another to a growing group cannot make it quadratic).
 */
export class IdGroups {
  readonly #groupOf = new Map<string, Group>();
  #moves = 0;

  /** Ids moved from one group to another by merges so far: at most n·log2(n) for n ids. */
  get moves(): number {
    return this.#moves;
  }

  /** Ids held. */
  get size(): number {
    return this.#groupOf.size;
  }

  /** Puts one record's id and aliases into one group. */
  link(ids: readonly string[]): void {
    // A group is named by its preferred member, so the merged group's name is the preferred one
    // of the new ids and the names of the groups they already belong to.
    let name: string | undefined;
    let largest: Group | undefined;
    for (const id of ids) {
      const group = this.#groupOf.get(id);
      const candidate = group?.name ?? id;
      if (name === undefined || preferId(candidate, name)) name = candidate;
      if (group !== undefined && (largest === undefined || group.members.length > largest.members.length))
        largest = group;
    }
    if (name === undefined) return;
    const survivor = largest ?? { name, members: [] };
    survivor.name = name;
    for (const id of ids) {
      const group = this.#groupOf.get(id);
      if (group === survivor) continue;
      if (group === undefined) {
        this.#groupOf.set(id, survivor);
        survivor.members.push(id);
        continue;
      }
      for (const member of group.members) {
        this.#groupOf.set(member, survivor);
        survivor.members.push(member);
      }
      this.#moves += group.members.length;
      group.members = [];
    }
  }

  /** Group of `id`, when it has one. */
  groupOf(id: string): string | undefined {
    return this.#groupOf.get(id)?.name;
  }

  /**
   * Every id with its group, as `advisory_ids` rows in id order: the order of the table's
   * primary key, where sorted rows are appended instead of inserted at random places (measured:
   * 30 against 75 ms for the 21,619 ids of the OSV benchmark), and the plain string sort of the
   * ids takes two thirds of the time of sorting the rows by a comparator.
   */
  rows(): { id: string; group_id: string }[] {
    const ids = [...this.#groupOf.keys()].sort();
    return ids.map((id) => ({ id, group_id: (this.#groupOf.get(id) as Group).name }));
  }
}
