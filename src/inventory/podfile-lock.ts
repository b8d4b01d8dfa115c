/**
 * CocoaPods `Podfile.lock` (YAML): `PODS` lists every installed pod as `Name (version)` or
 * `Name/Subspec (version)` (a subspec is part of its pod, so it counts once), with its own
 * requirements nested below; `DEPENDENCIES` names what the Podfile asks for (direct).
 * https://guides.cocoapods.org/using/using-cocoapods.html#what-is-podfilelock
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
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const podfileLockParser: InventoryParser = {
  id: 'podfile-lock',
  description: 'CocoaPods Podfile.lock',
  matches(path) {
    return baseName(path) === 'Podfile.lock';
  },
  parse: parsePodfileLock,
};

/** `Name (1.2.3)` or `Name/Sub (= 1.2.3)`: pod name (without subspec) and the text in brackets. */
function splitPod(spec: string): [name: string, inBrackets: string | undefined] {
  const open = spec.indexOf(' (');
  const full = open === -1 ? spec.trim() : spec.slice(0, open).trim();
  const inBrackets = open === -1 || !spec.endsWith(')') ? undefined : spec.slice(open + 2, -1).trim();
  return [full.split('/')[0] ?? full, inBrackets];
}

export function parsePodfileLock(text: string, path: string): InventoryResult {
  const parsed = parseYamlWithLines(text, path);
  const result = emptyResult('podfile-lock');
  if (parsed.data === null || parsed.data === undefined) return result;
  if (!isRecord(parsed.data)) throw invalidInput(path, 'expected a YAML mapping (Podfile.lock)', 1);
  const pods = parsed.data.PODS;
  const dependencies = parsed.data.DEPENDENCIES;
  const direct = new Set(
    (Array.isArray(dependencies) ? dependencies : []).map((item) => splitPod(String(item))[0]),
  );
  // Pod entries are `  - Name (version)` at two spaces; their requirements sit deeper.
  const starts = lineStarts(text);
  const podLines = new Map<string, number>();
  for (const match of text.matchAll(/^ {2}- "?([^\s"(]+) \(/gm)) {
    const line = lineAtOffset(starts, match.index);
    if (!podLines.has(match[1] ?? '')) podLines.set(match[1] ?? '', line);
  }
  const seen = new Set<string>();
  for (const item of Array.isArray(pods) ? pods : []) {
    const spec = isRecord(item) ? (Object.keys(item)[0] ?? '') : String(item);
    const [name, version] = splitPod(spec);
    const line = podLines.get(spec.slice(0, spec.indexOf(' (')));
    if (version === undefined || version === '' || /^[<>=~]/.test(version)) {
      result.problems.push({
        file: path,
        line,
        message: `pod ${JSON.stringify(spec)} has no version`,
        severity: 'error',
      });
      continue;
    }
    if (seen.has(`${name}@${version}`)) continue;
    seen.add(`${name}@${version}`);
    result.components.push(
      makeComponent('CocoaPods', name, version, path, line, { direct: direct.has(name) }),
    );
  }
  return result;
}
