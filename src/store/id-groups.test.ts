import { describe, expect, it } from 'vitest';
import { IdGroups, preferId } from './id-groups.js';

/** Groups as sorted member lists keyed by group name, from the rows. */
function groupsOf(groups: IdGroups): Record<string, string[]> {
  const byGroup: Record<string, string[]> = {};
  for (const row of groups.rows()) {
    const members = byGroup[row.group_id] ?? [];
    members.push(row.id);
    byGroup[row.group_id] = members;
  }
  for (const members of Object.values(byGroup)) members.sort();
  return byGroup;
}

/** Deterministic shuffle (a small LCG), so a failing order can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

describe('src/store/id-groups', () => {
  it('names a group by a CVE id first, then by the smallest id', () => {
    expect(preferId('CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q')).toBe(true);
    expect(preferId('GHSA-jfh8-c2jp-5v3q', 'CVE-2021-44228')).toBe(false);
    expect(preferId('CVE-2021-0001', 'CVE-2021-0002')).toBe(true);
    expect(preferId('GHSA-aaaa', 'PYSEC-2021-1')).toBe(true);

    const groups = new IdGroups();
    groups.link(['PYSEC-2021-1', 'GHSA-bbbb']);
    groups.link(['RUSTSEC-2021-0001']);
    // A CVE id names the group even where another id sorts before it.
    groups.link(['ALSA-2021:0001', 'CVE-2021-3156', 'BIT-sudo-2021-3156']);
    expect(groupsOf(groups)).toEqual({
      'CVE-2021-3156': ['ALSA-2021:0001', 'BIT-sudo-2021-3156', 'CVE-2021-3156'],
      'GHSA-bbbb': ['GHSA-bbbb', 'PYSEC-2021-1'],
      'RUSTSEC-2021-0001': ['RUSTSEC-2021-0001'],
    });
  });

  it('merges the groups a record bridges, renaming the merged group to its preferred member', () => {
    const groups = new IdGroups();
    groups.link(['GHSA-1111', 'PYSEC-2024-1']);
    groups.link(['PYSEC-2024-9', 'GHSA-2222']);
    // Bridges both groups and brings a CVE id, which names the result.
    groups.link(['OSV-2024-7', 'GHSA-2222', 'CVE-2024-0001', 'PYSEC-2024-1']);
    // A repeated id, and an id already in the group: nothing moves.
    groups.link(['GHSA-1111', 'GHSA-1111', 'CVE-2024-0001']);

    expect(groupsOf(groups)).toEqual({
      'CVE-2024-0001': [
        'CVE-2024-0001',
        'GHSA-1111',
        'GHSA-2222',
        'OSV-2024-7',
        'PYSEC-2024-1',
        'PYSEC-2024-9',
      ],
    });
    expect(groups.size).toBe(6);
    expect(groups.groupOf('PYSEC-2024-9')).toBe('CVE-2024-0001');
    expect(groups.groupOf('UNKNOWN-1')).toBeUndefined();
  });

  it('makes the same groups whatever order the records come in, as a union-find over all of them does', () => {
    // Chains and stars of aliases, across CVE and non-CVE ids, with later records bridging.
    const records: string[][] = [];
    for (let chain = 0; chain < 20; chain += 1) {
      for (let link = 0; link < 5; link += 1)
        records.push([`GHSA-${chain}-${link}`, `GHSA-${chain}-${link + 1}`]);
      if (chain % 3 === 0) records.push([`PYSEC-${chain}`, `CVE-2020-${1000 + chain}`, `GHSA-${chain}-3`]);
      if (chain % 5 === 2) records.push([`ALSA-${chain}`, `GHSA-${chain}-2`]);
      if (chain % 4 === 1) records.push([`GHSA-${chain}-0`, `GHSA-${chain + 1}-5`]);
    }
    records.push([]);
    // The partition a union-find computes, each group named by its preferred member.
    const parent = new Map<string, string>();
    const find = (id: string): string => {
      let root = id;
      while (parent.get(root) !== root) root = parent.get(root) as string;
      return root;
    };
    for (const ids of records) for (const id of ids) if (!parent.has(id)) parent.set(id, id);
    for (const ids of records) for (const id of ids.slice(1)) parent.set(find(id), find(ids[0] as string));
    const expected: Record<string, string[]> = {};
    const members = new Map<string, string[]>();
    for (const id of parent.keys()) {
      const list = members.get(find(id)) ?? [];
      list.push(id);
      members.set(find(id), list);
    }
    for (const list of members.values()) {
      const name = list.reduce((best, id) => (preferId(id, best) ? id : best));
      expected[name] = [...list].sort();
    }

    for (let seed = 1; seed <= 25; seed += 1) {
      const groups = new IdGroups();
      for (const ids of shuffled(records, seed)) groups.link(shuffled(ids, seed + 100));
      expect(groupsOf(groups)).toEqual(expected);
    }
  });

  it('renames a growing group record after record without moving its members each time', () => {
    // Each record links a new, more preferred CVE id to the same hub: the group is renamed 20,000
    // times. Moving the hub's members on every rename would be 200 million moves; the smaller
    // side moves instead, one id per record.
    const groups = new IdGroups();
    for (let index = 0; index < 20_000; index += 1)
      groups.link([`GHSA-hub-${index}`, `CVE-2099-${String(99_999 - index).padStart(5, '0')}`, 'GHSA-hub']);

    expect(groups.size).toBe(40_001);
    expect(groups.groupOf('GHSA-hub')).toBe('CVE-2099-80000');
    expect(groups.groupOf('GHSA-hub-0')).toBe('CVE-2099-80000');
    expect(new Set(groups.rows().map((row) => row.group_id))).toEqual(new Set(['CVE-2099-80000']));
    expect(groups.moves).toBe(0);
  });

  it('moves each id at most log2(n) times when groups of every size merge', () => {
    // 2^12 singleton groups merged pairwise, then pairs of pairs, and so on: a balanced tree of
    // merges, the most moves union by size allows.
    const groups = new IdGroups();
    const count = 4096;
    for (let index = 0; index < count; index += 1) groups.link([`GHSA-${index}`]);
    for (let width = 1; width < count; width *= 2)
      for (let index = 0; index < count; index += 2 * width)
        groups.link([`GHSA-${index}`, `GHSA-${index + width}`]);

    expect(new Set(groups.rows().map((row) => row.group_id))).toEqual(new Set(['GHSA-0']));
    expect(groups.moves).toBe((count / 2) * Math.log2(count));
  });

  it('gives its rows in id order, each id once', () => {
    const groups = new IdGroups();
    groups.link(['GHSA-zzzz', 'CVE-2020-0002']);
    groups.link(['GHSA-aaaa', 'CVE-2020-0001', 'GHSA-zzzz']);
    groups.link(['GO-2022-0001']);

    expect(groups.rows()).toEqual([
      { id: 'CVE-2020-0001', group_id: 'CVE-2020-0001' },
      { id: 'CVE-2020-0002', group_id: 'CVE-2020-0001' },
      { id: 'GHSA-aaaa', group_id: 'CVE-2020-0001' },
      { id: 'GHSA-zzzz', group_id: 'CVE-2020-0001' },
      { id: 'GO-2022-0001', group_id: 'GO-2022-0001' },
    ]);
  });
});
