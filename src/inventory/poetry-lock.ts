/**
 * Poetry `poetry.lock` (TOML; lock-version 1.x and 2.x): one `[[package]]` table per installed
 * distribution. Poetry 1 marks dev packages with `category = "dev"`, Poetry 2 lists `groups`.
 * The lockfile does not say which packages pyproject.toml asks for, so `direct` stays undefined.
 * https://python-poetry.org/docs/basic-usage/#installing-with-poetrylock
 */
import {
  baseName,
  emptyResult,
  makeComponent,
  packageIdentity,
  parseToml,
  tableArray,
  tableArrayLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const poetryLockParser: InventoryParser = {
  id: 'poetry-lock',
  description: 'Poetry poetry.lock',
  matches(path) {
    return baseName(path) === 'poetry.lock';
  },
  parse: parsePoetryLock,
};

export function parsePoetryLock(text: string, path: string): InventoryResult {
  const document = parseToml(text, path);
  const result = emptyResult('poetry-lock');
  const packages = tableArray(document, 'package', path);
  const lines = tableArrayLines(text, 'package');
  packages.forEach((entry, index) => {
    const line = lines[index];
    const identity = packageIdentity(entry, result, path, line);
    if (identity === undefined) return;
    const { name, version } = identity;
    result.components.push(makeComponent('PyPI', name, version, path, line, { scope: scopeOf(entry) }));
  });
  return result;
}

function scopeOf(entry: Record<string, unknown>): string {
  if (entry.optional === true) return 'optional';
  const groups = entry.groups;
  if (Array.isArray(groups) && groups.length > 0) return groups.includes('main') ? 'runtime' : 'dev';
  return entry.category === 'dev' ? 'dev' : 'runtime';
}
