/**
 * PEP 621 `pyproject.toml`: `[project] dependencies` and `[project.optional-dependencies]` (scope
 * optional) hold PEP 508 requirement strings. Only exact pins (`name[extras]==1.2.3`, with or
 * without a marker) name one version; ranges are reported once (the lockfile has the versions).
 * `dynamic = ["dependencies"]` means the build backend computes them: nothing to read here.
 * https://packaging.python.org/en/latest/specifications/pyproject-toml/
 */
import {
  baseName,
  declaredRangesProblem,
  emptyResult,
  isRecord,
  makeComponent,
  parseToml,
  recordField,
  splitLines,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const pyprojectTomlParser: InventoryParser = {
  id: 'pyproject-toml',
  description: 'Python pyproject.toml (PEP 621 dependencies)',
  matches(path) {
    return baseName(path) === 'pyproject.toml';
  },
  parse: parsePyprojectToml,
};

/** `name[extras] == version` before any `;` marker; undefined for anything else. */
// Matched after removing all whitespace (PEP 508 names, extras and versions hold none), so the
// pattern has no adjacent optional-whitespace quantifiers to backtrack over.
const EXACT_PIN = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?===?([A-Za-z0-9][A-Za-z0-9.!+_-]*)$/;

export function parsePyprojectToml(text: string, path: string): InventoryResult {
  const document = parseToml(text, path);
  const result = emptyResult('pyproject-toml');
  const project = recordField(document, 'project');
  if (project === undefined) return result;
  const textLines = splitLines(text);
  // Requirement strings are array items: find each one's line by its quoted text.
  const lineOf = (requirement: string): number | undefined => {
    const index = textLines.findIndex(
      (line) => line.includes(JSON.stringify(requirement)) || line.includes(`'${requirement}'`),
    );
    return index === -1 ? undefined : index + 1;
  };
  const ranged: string[] = [];
  const read = (list: unknown, scope: string) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (typeof item !== 'string') continue;
      const requirement = (item.split(';')[0] ?? '').trim();
      const pin = EXACT_PIN.exec(requirement.replace(/\s+/g, ''));
      if (pin?.[1] === undefined || pin[2] === undefined) {
        ranged.push(requirement.split(/[\s<>=!~[;(]/)[0] ?? requirement);
        continue;
      }
      result.components.push(
        makeComponent('PyPI', pin[1], pin[2], path, lineOf(item), { direct: true, scope }),
      );
    }
  };
  read(project.dependencies, 'runtime');
  const optional = recordField(project, 'optional-dependencies');
  for (const list of Object.values(optional ?? {})) read(list, 'optional');
  if (isRecord(document) && ranged.length > 0)
    result.problems.push(
      declaredRangesProblem(path, ranged, 'the lockfile (uv.lock, poetry.lock, pdm.lock, pylock.toml)'),
    );
  return result;
}
