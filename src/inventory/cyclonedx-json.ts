/**
 * CycloneDX JSON (spec 1.2–1.7; https://cyclonedx.org/specification/overview/). Components are
 * read recursively (nested `components`), `metadata.component` is the subject (kept as an asset,
 * not a finding target), and the dependency graph says which components are direct.
 */
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import { buildCycloneDxResult, type CdxDocument, type CdxNode, LineQueue } from './cyclonedx-common.js';
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

/** bom-ref → line of its first declaration: a bom-ref must be unique and non-empty (schema `refType`). */
type BomRefs = Map<string, number | undefined>;

function invalid(path: string, line: number | undefined, field: string, message: string): WardError {
  return new WardError('input.invalid', message, {
    file: path,
    field,
    ...(line === undefined ? {} : { line }),
  });
}

function readNode(value: unknown, field: string, path: string, lines: LineQueue, bomRefs: BomRefs): CdxNode {
  if (!isRecord(value)) throw invalid(path, undefined, field, 'expected a component object');
  const purl = stringField(value, 'purl');
  const bomRef = stringField(value, 'bom-ref');
  const line =
    (bomRef === undefined ? undefined : lines.take(`bom-ref\u0000${bomRef}`)) ??
    (purl === undefined ? undefined : lines.take(`purl\u0000${purl}`));
  if (bomRef !== undefined) {
    if (bomRef === '') throw invalid(path, line, `${field}.bom-ref`, 'expected a non-empty bom-ref, got ""');
    if (bomRefs.has(bomRef)) {
      throw invalid(
        path,
        line,
        `${field}.bom-ref`,
        `expected a unique bom-ref, got "${bomRef}" again (first at line ${bomRefs.get(bomRef) ?? '?'})`,
      );
    }
    bomRefs.set(bomRef, line);
  }
  const name = stringField(value, 'name') ?? '';
  // `name` is required in every schema version; a purl alone still identifies the package, so
  // only a component with neither is rejected (it names nothing Ward could report or match).
  if (name === '' && !purl) throw invalid(path, line, field, 'expected a component with a name, got none');
  const node: CdxNode = {
    name,
    version: stringField(value, 'version') ?? '',
    properties: [],
    children: [],
  };
  const optional: Array<[keyof CdxNode, string | undefined]> = [
    ['group', stringField(value, 'group')],
    ['purl', purl],
    ['cpe', stringField(value, 'cpe')],
    ['bomRef', bomRef],
    ['scope', stringField(value, 'scope')],
    ['type', stringField(value, 'type')],
  ];
  for (const [key, fieldValue] of optional)
    if (fieldValue) (node as unknown as Record<string, string>)[key] = fieldValue;
  if (line !== undefined) node.line = line;
  for (const property of arrayField(value, 'properties')) {
    if (!isRecord(property)) continue;
    const propertyName = stringField(property, 'name');
    const propertyValue = stringField(property, 'value');
    if (propertyName !== undefined && propertyValue !== undefined) {
      node.properties.push({ name: propertyName, value: propertyValue });
    }
  }
  arrayField(value, 'components').forEach((child, index) => {
    node.children.push(readNode(child, `${field}.components[${index}]`, path, lines, bomRefs));
  });
  return node;
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
  const bomRefs: BomRefs = new Map();
  const problems: Problem[] = [];
  const metadata = isRecord(doc.metadata) ? doc.metadata : undefined;
  // The subject is read first so its bom-ref line is consumed before the components'.
  const subject =
    metadata?.component === undefined
      ? undefined
      : readNode(metadata.component, 'metadata.component', path, lines, bomRefs);
  const components = arrayField(doc, 'components').map((value, index) =>
    readNode(value, `components[${index}]`, path, lines, bomRefs),
  );
  const dependencies: CdxDocument['dependencies'] = [];
  arrayField(doc, 'dependencies').forEach((entry, index) => {
    const ref = isRecord(entry) ? stringField(entry, 'ref') : undefined;
    // Without a ref the graph, and so direct vs transitive, cannot be known (schema: ref required).
    if (ref === undefined || ref === '') {
      throw invalid(
        path,
        undefined,
        `dependencies[${index}].ref`,
        'expected a dependency with a non-empty ref, got none',
      );
    }
    const dependsOn = isRecord(entry)
      ? arrayField(entry, 'dependsOn').filter((item): item is string => typeof item === 'string')
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
