/**
 * Gradle dependency verification, `gradle/verification-metadata.xml`: one `<component group name
 * version>` per module the build resolved (checksums and signatures below it). It does not say
 * which modules are direct. https://docs.gradle.org/current/userguide/dependency_verification.html
 */
import { emptyResult, makeComponent, xmlStartTags } from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const gradleVerificationMetadataParser: InventoryParser = {
  id: 'gradle-verification-metadata',
  description: 'Gradle verification-metadata.xml',
  matches(path) {
    return path.replace(/\\/g, '/').endsWith('gradle/verification-metadata.xml');
  },
  parse: parseGradleVerificationMetadata,
};

export function parseGradleVerificationMetadata(text: string, path: string): InventoryResult {
  const result = emptyResult('gradle-verification-metadata');
  const seen = new Set<string>();
  for (const { attributes, line } of xmlStartTags(
    text,
    path,
    'component',
    'a Gradle verification-metadata.xml',
  )) {
    const group = attributes.get('group') ?? '';
    const name = attributes.get('name') ?? '';
    const version = attributes.get('version') ?? '';
    if (group === '' || name === '' || version === '') {
      result.problems.push({
        file: path,
        line,
        message: '<component> needs group, name and version attributes; not inventoried',
        severity: 'error',
      });
      continue;
    }
    const key = `${group}:${name}@${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.components.push(makeComponent('Maven', `${group}:${name}`, version, path, line));
  }
  return result;
}
