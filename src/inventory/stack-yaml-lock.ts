/**
 * Haskell Stack `stack.yaml.lock` (YAML): `packages[].completed.hackage` holds
 * `name-version@sha256:…,size` for each extra Hackage dependency pinned beyond the snapshot
 * (git and archive dependencies have no Hackage version and are reported).
 * https://docs.haskellstack.org/en/stable/topics/lock_files/
 */
import {
  baseName,
  emptyResult,
  invalidInput,
  isRecord,
  lineAtOffset,
  lineStarts,
  makeComponent,
  parseYamlWithLines,
  recordField,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const stackYamlLockParser: InventoryParser = {
  id: 'stack-yaml-lock',
  description: 'Haskell Stack stack.yaml.lock',
  matches(path) {
    return baseName(path) === 'stack.yaml.lock';
  },
  parse: parseStackYamlLock,
};

export function parseStackYamlLock(text: string, path: string): InventoryResult {
  const parsed = parseYamlWithLines(text, path);
  const result = emptyResult('stack-yaml-lock');
  if (parsed.data === null || parsed.data === undefined) return result;
  if (!isRecord(parsed.data)) throw invalidInput(path, 'expected a YAML mapping (stack.yaml.lock)', 1);
  const packages = parsed.data.packages;
  if (!Array.isArray(packages)) return result;
  // The list items carry no key to look up, so find each `hackage:` line in order.
  const starts = lineStarts(text);
  const hackageLines = [...text.matchAll(/^[ \t]+hackage: (\S+)@/gm)].map((match) =>
    lineAtOffset(starts, match.index),
  );
  let found = 0;
  packages.forEach((item, index) => {
    const completed = isRecord(item) ? recordField(item, 'completed') : undefined;
    const hackage = completed === undefined ? undefined : stringField(completed, 'hackage');
    if (hackage === undefined) {
      result.problems.push({
        file: path,
        field: `packages[${index}]`,
        message: 'not a Hackage package (git or archive dependency); not inventoried',
        severity: 'warning',
      });
      return;
    }
    const line = hackageLines[found++];
    // `name-1.2.3@sha256:…`: the version is the last dash-separated part (names may hold dashes).
    const id = hackage.split('@')[0] ?? '';
    const dash = id.lastIndexOf('-');
    const name = id.slice(0, dash);
    const version = id.slice(dash + 1);
    if (dash <= 0 || !/^\d[\d.]*$/.test(version)) {
      result.problems.push({
        file: path,
        line,
        message: `expected name-version, got ${JSON.stringify(id)}`,
        severity: 'error',
      });
      return;
    }
    result.components.push(makeComponent('Hackage', name, version, path, line));
  });
  return result;
}
