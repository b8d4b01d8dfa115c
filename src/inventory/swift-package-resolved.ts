/**
 * SwiftPM `Package.resolved` (JSON, versions 1–3): pins with a repository URL and a `state`
 * holding the resolved `version` (branch and revision pins have none and are reported). OSV's
 * `SwiftURL` ecosystem names packages by their URL without scheme and `.git`.
 * https://github.com/apple/swift-package-manager/blob/main/Sources/PackageGraph/PinsStore.swift
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

export const swiftPackageResolvedParser: InventoryParser = {
  id: 'swift-package-resolved',
  description: 'SwiftPM Package.resolved',
  matches(path) {
    return baseName(path) === 'Package.resolved';
  },
  parse: parseSwiftPackageResolved,
};

export function parseSwiftPackageResolved(text: string, path: string): InventoryResult {
  const document = parseJsonObject(text, path, 'a Package.resolved');
  const result = emptyResult('swift-package-resolved');
  const lines = locateJsonKeys(text, 4);
  // Version 1 nests the pins under `object`.
  const inObject = Array.isArray(document.pins) ? [] : ['object'];
  const pins = (recordField(document, 'object') ?? document).pins;
  if (!Array.isArray(pins)) return result;
  pins.forEach((pin, index) => {
    const line =
      keyLine(lines, ...inObject, 'pins', String(index), 'state') ??
      keyLine(lines, ...inObject, 'pins', String(index), 'location');
    if (!isRecord(pin)) return;
    const location = stringField(pin, 'location') ?? stringField(pin, 'repositoryURL') ?? '';
    const version = stringField(recordField(pin, 'state') ?? {}, 'version');
    const name = location
      .replace(/^[a-z+]+:\/\//, '')
      .replace(/^git@([^:]+):/, '$1/')
      .replace(/\.git$/, '');
    if (name === '' || version === undefined || version === '') {
      result.problems.push({
        file: path,
        line,
        field: `pins[${index}]`,
        message: `pin ${JSON.stringify(stringField(pin, 'identity') ?? name)} has no location or no released version (branch or revision pin); not inventoried`,
        severity: 'warning',
      });
      return;
    }
    result.components.push(makeComponent('SwiftURL', name, version, path, line));
  });
  return result;
}
