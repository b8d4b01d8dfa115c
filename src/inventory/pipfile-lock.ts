/**
 * Pipenv `Pipfile.lock` (JSON): `default` (runtime) and `develop` (dev) maps of name to
 * `{ version: "==1.2.3" }`. Git and path dependencies carry no version and are reported as
 * problems. The lock is flattened (Pipfile's own requests are not marked), so `direct` stays
 * undefined.
 * https://pipenv.pypa.io/en/latest/pipfile.html#pipfile-lock
 */
import {
  baseName,
  emptyResult,
  isRecord,
  keyLine,
  locateJsonKeys,
  makeComponent,
  parseJsonObject,
  recordField,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const pipfileLockParser: InventoryParser = {
  id: 'pipfile-lock',
  description: 'Pipenv Pipfile.lock',
  matches(path) {
    return baseName(path) === 'Pipfile.lock';
  },
  parse: parsePipfileLock,
};

export function parsePipfileLock(text: string, path: string): InventoryResult {
  const lock = parseJsonObject(text, path, 'a Pipfile.lock');
  const result = emptyResult('pipfile-lock');
  const lines = locateJsonKeys(text, 2);
  // A package pinned alike in both groups is one component; `default` comes first, so it keeps
  // the runtime scope (it is installed in production).
  const seen = new Set<string>();
  for (const [group, scope] of [
    ['default', 'runtime'],
    ['develop', 'dev'],
  ] as const) {
    const packages = recordField(lock, group);
    if (packages === undefined) continue;
    for (const [name, entry] of Object.entries(packages)) {
      const line = keyLine(lines, group, name);
      const pin = isRecord(entry) ? stringField(entry, 'version') : undefined;
      if (pin === undefined || !pin.startsWith('==')) {
        result.problems.push({
          file: path,
          line,
          field: `${group}.${name}`,
          message: `${name} has no pinned version (git or path dependency?); not inventoried`,
          severity: 'warning',
        });
        continue;
      }
      const version = pin.slice(pin.startsWith('===') ? 3 : 2);
      const key = `${name.toLowerCase()}@${version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.components.push(makeComponent('PyPI', name, version, path, line, { scope }));
    }
  }
  return result;
}
