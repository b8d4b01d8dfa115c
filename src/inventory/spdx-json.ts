/**
 * SPDX 2.2/2.3 JSON. SPDX 3.0 JSON-LD is a different model (an `@graph` of typed elements) and is
 * reported as unsupported rather than half-read.
 */
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import { arrayField, isRecord, LineIndex, parseJsonDocument, stringField } from './sbom-common.js';
import { buildSpdxResult, classifyExternalRef, type SpdxDocument, type SpdxPackage } from './spdx-common.js';
import type { InventoryParser, InventoryResult } from './types.js';

const SPDXID_KEY = /"SPDXID"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

function elementLines(text: string): Map<string, number> {
  const index = new LineIndex(text);
  const lines = new Map<string, number>();
  for (const match of text.matchAll(SPDXID_KEY)) {
    const id = match[1] ?? '';
    if (!lines.has(id)) lines.set(id, index.lineAt(match.index));
  }
  return lines;
}

export function parseSpdxJson(text: string, path: string): InventoryResult {
  const doc = parseJsonDocument(text, path, 'SPDX');
  return readSpdxObject(doc, path, elementLines(text), 'spdx-json', 'JSON');
}

/**
 * The SPDX 2.x document model read from a parsed object, shared by the JSON and YAML
 * serialisations (same field names: SPDX 2.3 spec, clause 4 "serialization formats").
 * `lines` maps SPDXIDs to the line that declares them.
 */
export function readSpdxObject(
  doc: unknown,
  path: string,
  lines: ReadonlyMap<string, number>,
  parser: string,
  serialization: 'JSON' | 'YAML',
): InventoryResult {
  if (isRecord(doc) && (doc['@context'] !== undefined || doc['@graph'] !== undefined)) {
    throw new WardError(
      'input.unsupported',
      'SPDX 3.0 JSON-LD is not supported yet; export the SBOM as SPDX 2.3 JSON or CycloneDX',
      { file: path, line: 1 },
    );
  }
  const version = isRecord(doc) ? stringField(doc, 'spdxVersion') : undefined;
  if (!isRecord(doc) || version === undefined || !/^SPDX-2\.\d+$/.test(version)) {
    throw new WardError(
      'input.invalid',
      `expected an SPDX 2.x ${serialization} document (spdxVersion "SPDX-2.x"), got ${version === undefined ? 'no spdxVersion' : `"${version}"`}`,
      {
        file: path,
        line: 1,
        field: 'spdxVersion',
      },
    );
  }
  const problems: Problem[] = [];
  const packages: SpdxPackage[] = [];
  arrayField(doc, 'packages').forEach((value, index) => {
    const field = `packages[${index}]`;
    if (!isRecord(value)) {
      problems.push({ file: path, field, message: 'expected a package object', severity: 'error' });
      return;
    }
    const spdxId = stringField(value, 'SPDXID') ?? '';
    const line = lines.get(spdxId);
    const name = stringField(value, 'name') ?? '';
    const pkg: SpdxPackage = {
      spdxId,
      name,
      version: stringField(value, 'versionInfo') ?? '',
      purls: [],
      cpes: [],
    };
    if (line !== undefined) pkg.line = line;
    for (const ref of arrayField(value, 'externalRefs')) {
      if (!isRecord(ref)) continue;
      const locator = stringField(ref, 'referenceLocator');
      if (locator === undefined) continue;
      classifyExternalRef(
        pkg,
        stringField(ref, 'referenceCategory') ?? '',
        stringField(ref, 'referenceType') ?? '',
        locator,
      );
    }
    if (name === '' && pkg.purls.length === 0) {
      problems.push({
        file: path,
        ...(line === undefined ? {} : { line }),
        field,
        message: 'package has no name; skipped',
        severity: 'error',
      });
      return;
    }
    packages.push(pkg);
  });
  const relationships: SpdxDocument['relationships'] = [];
  for (const value of arrayField(doc, 'relationships')) {
    if (!isRecord(value)) continue;
    const from = stringField(value, 'spdxElementId');
    const type = stringField(value, 'relationshipType');
    const to = stringField(value, 'relatedSpdxElement');
    if (from && type && to) relationships.push({ from, type, to });
  }
  const describes = arrayField(doc, 'documentDescribes').filter((id): id is string => typeof id === 'string');
  return buildSpdxResult(parser, path, { packages, relationships, describes, problems });
}

export const spdxJsonParser: InventoryParser = {
  id: 'spdx-json',
  description: 'SPDX 2.2/2.3 SBOM, JSON',
  matches(path: string, head: string): boolean {
    const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
    if (base.endsWith('.spdx.json')) return true;
    return base.endsWith('.json') && /"spdxVersion"\s*:\s*"SPDX-2\./.test(head);
  },
  parse: parseSpdxJson,
};
