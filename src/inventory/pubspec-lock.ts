/**
 * Dart/Flutter `pubspec.lock` (YAML): `packages.<name>` with `dependency` (`direct main`,
 * `direct dev`, `direct overridden`, `transitive`), `source` (`hosted`, `git`, `path`, `sdk`) and
 * `version`. `sdk` packages ship inside the Flutter/Dart SDK and `path` packages are local code:
 * neither is a pub.dev package, so neither is a component.
 * https://dart.dev/tools/pub/glossary#lockfile
 */
import {
  baseName,
  emptyResult,
  invalidInput,
  isRecord,
  makeComponent,
  parseYamlWithLines,
  stringField,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const pubspecLockParser: InventoryParser = {
  id: 'pubspec-lock',
  description: 'Dart/Flutter pubspec.lock',
  matches(path) {
    return baseName(path) === 'pubspec.lock';
  },
  parse: parsePubspecLock,
};

export function parsePubspecLock(text: string, path: string): InventoryResult {
  const parsed = parseYamlWithLines(text, path);
  const result = emptyResult('pubspec-lock');
  if (parsed.data === null || parsed.data === undefined) return result;
  if (!isRecord(parsed.data)) throw invalidInput(path, 'expected a YAML mapping (pubspec.lock)', 1);
  const packages = parsed.data.packages;
  if (packages === undefined || packages === null) return result;
  if (!isRecord(packages))
    throw invalidInput(path, 'expected "packages" to be a mapping', parsed.keyLines().get('packages'));
  const lines = parsed.keyLines('packages');
  for (const [name, entry] of Object.entries(packages)) {
    const line = lines.get(name);
    if (!isRecord(entry)) {
      result.problems.push({
        file: path,
        line,
        message: `package ${name} is not a mapping`,
        severity: 'error',
      });
      continue;
    }
    const source = stringField(entry, 'source');
    if (source === 'sdk' || source === 'path') continue;
    const version = entry.version === undefined ? undefined : String(entry.version);
    if (version === undefined || version === '') {
      result.problems.push({
        file: path,
        line,
        message: `package ${name} has no version`,
        severity: 'error',
      });
      continue;
    }
    const dependency = stringField(entry, 'dependency') ?? '';
    result.components.push(
      makeComponent('Pub', name, version, path, line, {
        direct: dependency.startsWith('direct'),
        scope: dependency === 'direct dev' ? 'dev' : 'runtime',
      }),
    );
  }
  return result;
}
