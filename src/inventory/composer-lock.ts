/**
 * Composer `composer.lock` (JSON): `packages` (runtime) and `packages-dev` (dev) arrays of
 * `{ name: "vendor/package", version }`. The lock does not list the root composer.json's own
 * requirements, so `direct` stays undefined.
 * https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control
 */
import {
  baseName,
  emptyResult,
  invalidInput,
  isRecord,
  keyLine,
  locateJsonKeys,
  makeComponent,
  parseJsonObject,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const composerLockParser: InventoryParser = {
  id: 'composer-lock',
  description: 'Composer composer.lock',
  matches(path) {
    return baseName(path) === 'composer.lock';
  },
  parse: parseComposerLock,
};

export function parseComposerLock(text: string, path: string): InventoryResult {
  const lock = parseJsonObject(text, path, 'a composer.lock');
  const result = emptyResult('composer-lock');
  const lines = locateJsonKeys(text, 3);
  for (const [field, scope] of [
    ['packages', 'runtime'],
    ['packages-dev', 'dev'],
  ] as const) {
    const list = lock[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list))
      throw invalidInput(path, `expected "${field}" to be an array`, keyLine(lines, field), field);
    list.forEach((entry: unknown, index) => {
      const line = keyLine(lines, field, String(index), 'name') ?? keyLine(lines, field);
      const name = isRecord(entry) ? stringField(entry, 'name') : undefined;
      const version = isRecord(entry) ? stringField(entry, 'version') : undefined;
      if (name === undefined || version === undefined || version === '') {
        result.problems.push({
          file: path,
          line,
          field: `${field}[${index}]`,
          message: 'package has no name or version',
          severity: 'error',
        });
        return;
      }
      result.components.push(makeComponent('Packagist', name, version, path, line, { scope }));
    });
  }
  return result;
}
