/**
 * Go `vendor/modules.txt` (written by `go mod vendor`): `# module version [=> replacement
 * [version]]` headers, then `## explicit` for modules go.mod requires directly, then the vendored
 * package paths. Replacements by a local folder are the project's own code.
 * https://go.dev/ref/mod#vendoring
 */
import { baseName, emptyResult, makeComponent, rejectBinary, splitLines } from './lockfile-support.js';
import type { Component, InventoryParser, InventoryResult } from './types.js';

export const goVendorModulesTxtParser: InventoryParser = {
  id: 'go-vendor-modules-txt',
  description: 'Go vendor/modules.txt',
  matches(path) {
    const normal = path.replace(/\\/g, '/');
    return (
      baseName(normal) === 'modules.txt' &&
      (normal === 'vendor/modules.txt' || normal.endsWith('/vendor/modules.txt'))
    );
  },
  parse: parseGoVendorModulesTxt,
};

export function parseGoVendorModulesTxt(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  const result = emptyResult('go-vendor-modules-txt');
  let current: Component | undefined;
  const byKey = new Map<string, Component>();
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('## ')) {
      if (current !== undefined && line.slice(3).split(';')[0]?.trim() === 'explicit') current.direct = true;
      return;
    }
    if (!line.startsWith('# ')) return;
    current = undefined;
    const fields = line.slice(2).trim().split(/\s+/);
    const arrow = fields.indexOf('=>');
    const [module, version] = arrow === -1 ? fields : fields.slice(0, arrow);
    const target = arrow === -1 ? undefined : fields.slice(arrow + 1);
    if (target !== undefined && (target[0]?.startsWith('./') || target[0]?.startsWith('../'))) return;
    const [name, resolved] = target === undefined ? [module, version] : target.length === 2 ? target : [];
    if (name === undefined || resolved === undefined || !/^v\d/.test(resolved)) {
      result.problems.push({
        file: path,
        line: index + 1,
        message: `expected "# module vX.Y.Z [=> replacement vX.Y.Z]", got ${JSON.stringify(line.slice(0, 80))}`,
        severity: 'error',
      });
      return;
    }
    // OSV and the Go vulnerability database write Go versions without the leading v.
    // A module listed twice is one component (the `## explicit` marker of either makes it direct).
    const key = `${name}@${resolved}`;
    current = byKey.get(key);
    if (current !== undefined) return;
    current = makeComponent('Go', name, resolved.slice(1), path, index + 1, { direct: false });
    byKey.set(key, current);
    result.components.push(current);
  });
  return result;
}
