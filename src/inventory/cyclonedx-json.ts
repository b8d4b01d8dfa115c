/**
 * CycloneDX JSON (spec 1.2–1.7; https://cyclonedx.org/specification/overview/). Components are
 * read recursively (nested `components`), `metadata.component` is the subject (kept as an asset,
 * not a finding target), and the dependency graph says which components are direct.
 */
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import {
  buildCycloneDxResult,
  type CdxDocument,
  CdxEntryChecks,
  type CdxNode,
  LineQueue,
} from './cyclonedx-common.js';
import { arrayField, isRecord, LineIndex, parseJsonDocument, stringField } from './sbom-common.js';
import type { InventoryParser, InventoryResult } from './types.js';

// Keys whose string value identifies a component declaration; `ref`/`dependsOn` use other keys.
const DECLARATION_KEY = /"(bom-ref|purl)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

function declarationLines(text: string): LineQueue {
  const index = new LineIndex(text);
  const queue = new LineQueue();
  for (const match of text.matchAll(DECLARATION_KEY)) {
    let value: string;
    try {
      value = JSON.parse(`"${match[2] ?? ''}"`) as string;
    } catch {
      continue;
    }
    queue.add(`${match[1]}\u0000${value}`, index.lineAt(match.index));
  }
  return queue;
}

function invalid(path: string, line: number | undefined, field: string, message: string): WardError {
  return new WardError('input.invalid', message, {
    file: path,
    field,
    ...(line === undefined ? {} : { line }),
  });
}

/**
 * One component and its nested ones. A component that names nothing is skipped (with a problem)
 * but its nested components are still read, in its place.
 */
function readNode(value: unknown, field: string, lines: LineQueue, checks: CdxEntryChecks): CdxNode[] {
  const record = isRecord(value) ? value : {};
  const purl = stringField(record, 'purl');
  const rawBomRef = stringField(record, 'bom-ref');
  const line =
    (rawBomRef === undefined ? undefined : lines.take(`bom-ref\u0000${rawBomRef}`)) ??
    (purl === undefined ? undefined : lines.take(`purl\u0000${purl}`));
  const bomRef = checks.bomRef(rawBomRef, line, field);
  const name = stringField(record, 'name') ?? '';
  const children: CdxNode[] = [];
  const readChildren = (): void => {
    arrayField(record, 'components').forEach((child, index) => {
      children.push(...readNode(child, `${field}.components[${index}]`, lines, checks));
    });
  };
  // `name` is required in every schema version; a purl alone still identifies the package.
  if (!checks.identifiable(name, purl, line, field)) {
    readChildren();
    return children;
  }
  const node: CdxNode = { name, version: stringField(record, 'version') ?? '', properties: [], children };
  const optional: Array<[keyof CdxNode, string | undefined]> = [
    ['group', stringField(record, 'group')],
    ['purl', purl],
    ['cpe', stringField(record, 'cpe')],
    ['bomRef', bomRef],
    ['scope', stringField(record, 'scope')],
    ['type', stringField(record, 'type')],
  ];
  for (const [key, fieldValue] of optional)
    if (fieldValue) (node as unknown as Record<string, string>)[key] = fieldValue;
  if (line !== undefined) node.line = line;
  for (const property of arrayField(record, 'properties')) {
    if (!isRecord(property)) continue;
    const propertyName = stringField(property, 'name');
    const propertyValue = stringField(property, 'value');
    if (propertyName !== undefined && propertyValue !== undefined) {
      node.properties.push({ name: propertyName, value: propertyValue });
    }
  }
  readChildren();
  return [node];
}

/** True when a parsed JSON value is a CycloneDX BOM (bomFormat is required since 1.2). */
export function isCycloneDxJson(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && doc.bomFormat === 'CycloneDX';
}

export function parseCycloneDxJson(text: string, path: string): InventoryResult {
  const doc = parseJsonDocument(text, path, 'CycloneDX');
  if (!isCycloneDxJson(doc)) {
    const got = isRecord(doc)
      ? `bomFormat ${JSON.stringify(doc.bomFormat ?? null)}`
      : `a JSON ${Array.isArray(doc) ? 'array' : typeof doc}`;
    throw new WardError(
      'input.invalid',
      `expected a CycloneDX JSON BOM (bomFormat "CycloneDX"), got ${got}`,
      {
        file: path,
        line: 1,
        field: 'bomFormat',
      },
    );
  }
  const specVersion = stringField(doc, 'specVersion');
  if (specVersion !== undefined && !/^\d+\.\d+$/.test(specVersion)) {
    throw invalid(
      path,
      1,
      'specVersion',
      `expected a CycloneDX specVersion like "1.6", got "${specVersion}"`,
    );
  }
  const lines = declarationLines(text);
  const problems: Problem[] = [];
  const checks = new CdxEntryChecks(path, problems);
  const metadata = isRecord(doc.metadata) ? doc.metadata : undefined;
  // The subject is read first so its bom-ref line is consumed before the components'. Some
  // producers leave it empty (SCALIBR writes name ""): that only means no asset to name.
  const subjectValue = metadata?.component;
  const subject =
    isRecord(subjectValue) && (stringField(subjectValue, 'name') || stringField(subjectValue, 'purl'))
      ? readNode(subjectValue, 'metadata.component', lines, new CdxEntryChecks(path, []))[0]
      : undefined;
  const components = arrayField(doc, 'components').flatMap((value, index) =>
    readNode(value, `components[${index}]`, lines, checks),
  );
  const dependencies: CdxDocument['dependencies'] = [];
  arrayField(doc, 'dependencies').forEach((entry, index) => {
    const ref = isRecord(entry) ? stringField(entry, 'ref') : undefined;
    if (!checks.dependencyRef(ref, undefined, `dependencies[${index}]`)) return;
    const dependsOn = isRecord(entry)
      ? arrayField(entry, 'dependsOn').filter(
          (item): item is string => typeof item === 'string' && item !== '',
        )
      : [];
    dependencies.push({ ref, dependsOn });
  });
  const reduced: CdxDocument = { components, dependencies, problems };
  if (specVersion) reduced.specVersion = specVersion;
  if (subject) reduced.subject = subject;
  return buildCycloneDxResult('cyclonedx-json', path, reduced);
}

export const cycloneDxJsonParser: InventoryParser = {
  id: 'cyclonedx-json',
  description: 'CycloneDX SBOM, JSON (spec 1.2–1.7)',
  matches(path: string, head: string): boolean {
    const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
    if (base.endsWith('.cdx.json') || base.endsWith('.bom.json')) return true;
    return base.endsWith('.json') && /"bomFormat"\s*:\s*"CycloneDX"/.test(head);
  },
  parse: parseCycloneDxJson,
};
