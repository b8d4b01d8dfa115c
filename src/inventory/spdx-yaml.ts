/**
 * SPDX 2.2/2.3 YAML: the JSON model in YAML syntax (SPDX 2.3, clause 4.4), so it is read into the
 * same object and handed to spdx-json's reader. YAML aliases are capped (no billion laughs) and
 * custom tags are not resolved (the core schema only), so nothing in the file runs.
 */
import { WardError } from '../core/errors.js';
import { yaml } from '../core/yaml.js';
import { assertTextInput, LineIndex } from './sbom-common.js';
import { readSpdxObject } from './spdx-json.js';
import type { InventoryParser, InventoryResult } from './types.js';

// `SPDXID: "SPDXRef-x"`, `- SPDXID: SPDXRef-x`, single/double/no quotes. One line each, no nesting.
const SPDXID_LINE = /^[ \t]*(?:-[ \t]+)?SPDXID[ \t]*:[ \t]*["']?([^"'\s#]+)/gm;

function elementLines(text: string): Map<string, number> {
  const index = new LineIndex(text);
  const lines = new Map<string, number>();
  for (const match of text.matchAll(SPDXID_LINE)) {
    const id = match[1] ?? '';
    if (!lines.has(id)) lines.set(id, index.lineAt(match.index));
  }
  return lines;
}

export function parseSpdxYaml(text: string, path: string): InventoryResult {
  assertTextInput(text, path, 'SPDX YAML');
  let doc: unknown;
  try {
    doc = yaml().parse(text, { schema: 'core', maxAliasCount: 100, uniqueKeys: false });
  } catch (error) {
    const line = error instanceof yaml().YAMLParseError ? error.linePos?.[0]?.line : undefined;
    throw new WardError(
      'input.invalid',
      `expected SPDX YAML, got ${(error as Error).message.split('\n')[0]}`,
      {
        file: path,
        ...(line === undefined ? {} : { line }),
        cause: error,
      },
    );
  }
  return readSpdxObject(doc, path, elementLines(text), 'spdx-yaml', 'YAML');
}

export const spdxYamlParser: InventoryParser = {
  id: 'spdx-yaml',
  description: 'SPDX 2.2/2.3 SBOM, YAML',
  matches(path: string, head: string): boolean {
    const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
    if (base.endsWith('.spdx.yaml') || base.endsWith('.spdx.yml')) return true;
    return (
      (base.endsWith('.yaml') || base.endsWith('.yml')) && /^spdxVersion:[ \t]*["']?SPDX-2\./m.test(head)
    );
  },
  parse: parseSpdxYaml,
};
