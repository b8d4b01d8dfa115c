/**
 * Go `go.sum`: checksums of every module version the build downloaded. Only a fallback: it
 * over-reports (old versions linger, and it cannot say which module is direct), so the scan
 * service reads go.sum only when no go.mod sits beside it. Lines ending in `/go.mod` hash only a
 * module's go.mod (fetched to resolve the graph, its code never built) and are not components.
 * https://go.dev/ref/mod#go-sum-files
 */
import {
  baseName,
  buildPurl,
  emptyResult,
  makeComponent,
  rejectBinary,
  splitLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const goSumParser: InventoryParser = {
  id: 'go-sum',
  description: 'Go go.sum (used only when there is no go.mod beside it)',
  matches(path) {
    return baseName(path) === 'go.sum';
  },
  parse: parseGoSum,
};

export function parseGoSum(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('go-sum');
  const seen = new Set<string>();
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const words = line.split(/\s+/);
    const [modulePath, version, hash] = words;
    if (modulePath === undefined || version === undefined || hash === undefined || words.length !== 3) {
      result.problems.push({
        file: path,
        line: index + 1,
        message: 'expected `module version hash`',
        severity: 'error',
      });
      return;
    }
    if (version.endsWith('/go.mod')) return;
    const key = `${modulePath}@${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    const component = makeComponent('Go', modulePath, version.replace(/^v/, ''), path, index + 1);
    const slash = modulePath.lastIndexOf('/');
    const purl =
      slash === -1
        ? buildPurl('golang', undefined, modulePath, version)
        : buildPurl('golang', modulePath.slice(0, slash), modulePath.slice(slash + 1), version);
    if (purl === undefined) delete component.purl;
    else component.purl = purl;
    result.components.push(component);
  });
  return result;
}
