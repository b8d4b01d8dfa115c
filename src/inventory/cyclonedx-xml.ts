/**
 * CycloneDX XML (spec 1.0–1.7). fast-xml-parser reads the document with entity processing OFF:
 * a DOCTYPE's internal entities are never expanded (no billion-laughs), external entities make
 * the parser refuse the document (no XXE), and we decode only the five predefined XML entities
 * and character references ourselves.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import { buildCycloneDxResult, type CdxDocument, CdxEntryChecks, type CdxNode } from './cyclonedx-common.js';
import { parseUntrustedXml } from './lockfile-support.js';
import { assertTextInput, isRecord, LineIndex } from './sbom-common.js';
import type { InventoryParser, InventoryResult } from './types.js';

const ARRAY_TAGS = new Set(['component', 'dependency', 'property']);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name, _jPath, _isLeaf, isAttribute) => !isAttribute && ARRAY_TAGS.has(name),
});

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes predefined entities and character references; any other `&name;` stays as written. */
export function decodeXmlText(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,4});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return Object.hasOwn(PREDEFINED, body) ? (PREDEFINED[body] ?? whole) : whole;
  });
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return decodeXmlText(value);
  if (typeof value === 'number') return String(value);
  // <name attr="…">text</name> → { '#text': 'text', '@_attr': … }
  if (isRecord(value) && typeof value['#text'] === 'string') return decodeXmlText(value['#text']);
  return undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
}

/**
 * Lines of the elements Ward reads, found by a small tag walk over the source (fast-xml-parser
 * keeps no positions). Only elements at the inventory paths are recorded, in document order,
 * which is the order readNode / readDependencies visit them:
 *   subject       bom/metadata/component
 *   components    bom/components/component, and …/component/components/component below it
 *                 (not pedigree ancestors, annotators, vulnerability tools or formulation)
 *   dependencies  every <dependency> under bom/dependencies, nested ones included
 * The token pattern's alternatives start with distinct characters and attribute values are
 * consumed whole, so it runs in linear time on any input (no nested quantifiers over text).
 */
const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![A-Za-z][^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g;

interface ElementLines {
  bom: number;
  subject: number[];
  components: number[];
  dependencies: number[];
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

/** True for bom/components, bom/components/component/components, … (where components live). */
function isComponentList(stack: readonly string[]): boolean {
  if (stack.length < 2 || stack.length % 2 !== 0 || stack[0] !== 'bom') return false;
  for (let i = 1; i < stack.length; i += 1) {
    if (stack[i] !== (i % 2 === 1 ? 'components' : 'component')) return false;
  }
  return true;
}

function elementLines(source: string): ElementLines {
  const index = new LineIndex(source);
  const found: ElementLines = { bom: 1, subject: [], components: [], dependencies: [] };
  const stack: string[] = [];
  for (const match of source.matchAll(TOKEN)) {
    const qualified = match[2];
    if (qualified === undefined) continue; // comment, CDATA, processing instruction, DOCTYPE
    const name = localName(qualified);
    if (match[1] === '/') {
      // Well-formedness was checked before, so the element closed is the one on top.
      stack.pop();
      continue;
    }
    const line = index.lineAt(match.index);
    if (stack.length === 0 && name === 'bom') found.bom = line;
    else if (name === 'component' && stack.length === 2 && stack[0] === 'bom' && stack[1] === 'metadata')
      found.subject.push(line);
    else if (name === 'component' && isComponentList(stack)) found.components.push(line);
    else if (name === 'dependency' && stack[0] === 'bom' && stack[1] === 'dependencies')
      found.dependencies.push(line);
    if (!(match[3] ?? '').endsWith('/')) stack.push(name);
  }
  return found;
}

/** The one-line rejection for a document whose inventory part breaks the schema. */
function invalid(path: string, line: number | undefined, field: string, message: string): WardError {
  return new WardError('input.invalid', message, {
    file: path,
    field,
    ...(line === undefined ? {} : { line }),
  });
}

/**
 * One <component> and its nested ones. A component that names nothing is skipped (with a
 * problem) but its nested components are still read, in its place.
 */
function readNode(value: unknown, field: string, lines: number[], checks: CdxEntryChecks): CdxNode[] {
  const line = lines.shift();
  const record = isRecord(value) ? value : {};
  const bomRefRaw = record['@_bom-ref'];
  const bomRef = checks.bomRef(
    typeof bomRefRaw === 'string' ? decodeXmlText(bomRefRaw) : undefined,
    line,
    field,
  );
  const purl = text(record.purl);
  const name = text(record.name) ?? '';
  const children: CdxNode[] = [];
  const nested = isRecord(record.components) ? asArray(record.components.component) : [];
  const readChildren = (): void => {
    nested.forEach((child, index) => {
      children.push(...readNode(child, `${field}.components[${index}]`, lines, checks));
    });
  };
  // <name> is required in every schema version; a purl alone still identifies the package.
  if (!checks.identifiable(name, purl, line, field)) {
    readChildren();
    return children;
  }
  const node: CdxNode = { name, version: text(record.version) ?? '', properties: [], children };
  const group = text(record.group);
  const cpe = text(record.cpe);
  const scope = text(record.scope);
  const type = typeof record['@_type'] === 'string' ? record['@_type'] : undefined;
  if (group) node.group = group;
  if (purl) node.purl = purl;
  if (cpe) node.cpe = cpe;
  if (bomRef) node.bomRef = bomRef;
  if (scope) node.scope = scope;
  if (type) node.type = type;
  if (line !== undefined) node.line = line;
  const properties = isRecord(record.properties) ? asArray(record.properties.property) : [];
  for (const property of properties) {
    if (!isRecord(property) || typeof property['@_name'] !== 'string') continue;
    node.properties.push({ name: decodeXmlText(property['@_name']), value: text(property) ?? '' });
  }
  readChildren();
  return [node];
}

/** 1.2+ (and the 1.1 dependency-graph extension): <dependency ref="a"><dependency ref="b"/></dependency>, nested levels too. */
function readDependencies(
  value: unknown,
  field: string,
  lines: number[],
  checks: CdxEntryChecks,
  into: CdxDocument['dependencies'],
): void {
  asArray(value).forEach((entry, index) => {
    const line = lines.shift();
    const here = `${field}[${index}]`;
    const ref =
      isRecord(entry) && typeof entry['@_ref'] === 'string' ? decodeXmlText(entry['@_ref']) : undefined;
    const inner = isRecord(entry) ? asArray(entry.dependency) : [];
    if (checks.dependencyRef(ref, line, here)) {
      into.push({
        ref,
        dependsOn: inner.flatMap((child) =>
          isRecord(child) && typeof child['@_ref'] === 'string' && child['@_ref'] !== ''
            ? [decodeXmlText(child['@_ref'])]
            : [],
        ),
      });
    }
    readDependencies(inner, `${here}.dependency`, lines, checks, into);
  });
}

export function parseCycloneDxXml(source: string, path: string): InventoryResult {
  assertTextInput(source, path, 'CycloneDX XML');
  if (source.trim() === '') {
    throw new WardError('input.invalid', 'expected a CycloneDX XML document, got an empty file', {
      file: path,
      line: 1,
    });
  }
  const parsed = parseUntrustedXml(xmlParser, source, path, 'CycloneDX XML');
  const bom = isRecord(parsed) ? parsed.bom : undefined;
  if (!isRecord(bom)) {
    const root = isRecord(parsed)
      ? Object.keys(parsed)
          .filter((key) => !key.startsWith('?'))
          .join(', ')
      : '';
    throw new WardError(
      'input.invalid',
      `expected a CycloneDX <bom> root element, got <${root || 'nothing'}>`,
      {
        file: path,
        line: 1,
      },
    );
  }
  const lines = elementLines(source);
  // The namespace names the schema version (http://cyclonedx.org/schema/bom/1.6). One that is
  // not `<major>.<minor>` is no CycloneDX schema at all (the spec's invalid-namespace case).
  const namespace = CDX_NAMESPACE.exec(source)?.[1];
  if (namespace !== undefined && !/^\d+\.\d+$/.test(namespace)) {
    throw invalid(
      path,
      lines.bom,
      'bom@xmlns',
      `expected the CycloneDX namespace http://cyclonedx.org/schema/bom/<major>.<minor>, got …/bom/${namespace}`,
    );
  }
  const problems: Problem[] = [];
  const checks = new CdxEntryChecks(path, problems);
  const metadata = isRecord(bom.metadata) ? bom.metadata : undefined;
  const subjectValue = metadata ? asArray(metadata.component)[0] : undefined;
  // The subject describes what the SBOM is about; some producers leave it empty (SCALIBR writes
  // name ""), which only means there is no asset to name, so it is dropped without a problem.
  const subject =
    isRecord(subjectValue) && (text(subjectValue.name) || text(subjectValue.purl))
      ? readNode(subjectValue, 'metadata.component', lines.subject, new CdxEntryChecks(path, []))[0]
      : undefined;
  const topLevel = isRecord(bom.components) ? asArray(bom.components.component) : [];
  const components = topLevel.flatMap((value, index) =>
    readNode(value, `components[${index}]`, lines.components, checks),
  );
  const dependencies: CdxDocument['dependencies'] = [];
  if (isRecord(bom.dependencies)) {
    readDependencies(
      bom.dependencies.dependency,
      'dependencies.dependency',
      lines.dependencies,
      checks,
      dependencies,
    );
  }
  const reduced: CdxDocument = { components, dependencies, problems };
  if (namespace) reduced.specVersion = namespace;
  if (subject) reduced.subject = subject;
  return buildCycloneDxResult('cyclonedx-xml', path, reduced);
}

const CDX_NAMESPACE = /\sxmlns(?::[\w.-]+)?\s*=\s*["']http:\/\/cyclonedx\.org\/schema\/bom\/([^"']*)["']/;

export const cycloneDxXmlParser: InventoryParser = {
  id: 'cyclonedx-xml',
  description: 'CycloneDX SBOM, XML (spec 1.0–1.7)',
  matches(path: string, head: string): boolean {
    const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
    if (base.endsWith('.cdx.xml') || base.endsWith('.bom.xml')) return true;
    return base.endsWith('.xml') && /xmlns(?::\w+)?="http:\/\/cyclonedx\.org\/schema\/bom\//.test(head);
  },
  parse: parseCycloneDxXml,
};
