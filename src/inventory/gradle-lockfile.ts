/**
 * Gradle dependency lock file (`gradle.lockfile`, `buildscript-gradle.lockfile`, and the older
 * per-configuration files under `gradle/dependency-locks/`): one `group:artifact:version=configs`
 * line per module, `#` comments, and an `empty=` line naming configurations with no
 * dependencies. It does not say which modules the build script declares, so `direct` stays
 * undefined. https://docs.gradle.org/current/userguide/dependency_locking.html
 */
import { baseName, emptyResult, makeComponent, rejectBinary, splitLines } from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const gradleLockfileParser: InventoryParser = {
  id: 'gradle-lockfile',
  description: 'Gradle gradle.lockfile',
  matches(path) {
    const name = baseName(path);
    return (
      name === 'gradle.lockfile' ||
      name === 'buildscript-gradle.lockfile' ||
      (name.endsWith('.lockfile') && path.replace(/\\/g, '/').includes('/dependency-locks/'))
    );
  },
  parse: parseGradleLockfile,
};

export function parseGradleLockfile(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('gradle-lockfile');
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('empty=')) return;
    const equals = line.indexOf('=');
    const coordinates = (equals === -1 ? line : line.slice(0, equals)).split(':');
    const [group, artifact, version] = coordinates;
    if (coordinates.length !== 3 || !group || !artifact || !version) {
      result.problems.push({
        file: path,
        line: index + 1,
        message: `expected group:artifact:version=configurations, got ${JSON.stringify(line.slice(0, 80))}`,
        severity: 'error',
      });
      return;
    }
    const configurations = equals === -1 ? [] : line.slice(equals + 1).split(',');
    const testOnly = configurations.length > 0 && configurations.every((name) => name.startsWith('test'));
    result.components.push(
      makeComponent(
        'Maven',
        `${group}:${artifact}`,
        version,
        path,
        index + 1,
        testOnly ? { scope: 'test' } : {},
      ),
    );
  });
  return result;
}
