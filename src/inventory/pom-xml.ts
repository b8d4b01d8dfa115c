/**
 * Maven `pom.xml`: the dependencies the POM declares (in `<dependencies>` and in profiles),
 * with `${property}` references resolved from `<properties>`, the project's and the parent's
 * coordinates (`project.version`, `project.parent.version`, …), and versions taken from
 * `<dependencyManagement>` when a dependency omits its own. Pure: parent POMs and imported BOMs
 * are not fetched, so versions only they define are reported as problems, as are unresolved
 * properties and version ranges (a range is not one version). Build plugins and their
 * dependencies are not components (they do not ship). Transitive dependencies are not in a POM:
 * every component here is direct.
 *
 * XML is read with fast-xml-parser, entities off (no XXE, no entity expansion).
 * https://maven.apache.org/pom.html
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Problem } from '../core/errors.js';
import {
  baseName,
  emptyResult,
  invalidInput,
  lineAtOffset,
  lineStarts,
  makeComponent,
  rejectBinary,
} from './lockfile-support.js';
import type { InventoryParser, InventoryResult } from './types.js';

export const pomXmlParser: InventoryParser = {
  id: 'pom-xml',
  description: 'Maven pom.xml (declared dependencies, properties resolved within the file)',
  matches(path, head) {
    const name = baseName(path);
    return name === 'pom.xml' || (name.endsWith('.pom') && head.includes('<project'));
  },
  parse: parsePomXml,
};

interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

/** Property references resolve recursively up to this depth (guards against cycles). */
const MAX_INTERPOLATION_DEPTH = 10;

export function parsePomXml(text: string, path: string): InventoryResult {
  rejectBinary(text, path);
  if (text.trim() === '') throw invalidInput(path, 'expected a Maven POM (XML), got an empty file', 1);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw invalidInput(path, `expected XML: ${validation.err.msg}`, validation.err.line);
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: true,
    processEntities: false,
    parseTagValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const project = toElements(parser.parse(text) as unknown[]).find((element) => element.name === 'project');
  if (project === undefined)
    throw invalidInput(path, 'expected a Maven POM with a <project> root element', 1);

  const result = emptyResult('pom-xml');
  const properties = collectProperties(project);
  const resolve = (value: string): string | undefined => interpolate(value, properties);
  const dependencyLines = dependencyTagLines(text);
  const dependencyElements = collectDependencyElements(project);

  // Versions managed in this POM, keyed by group:artifact (BOM imports are not fetched).
  const managed = new Map<string, string>();
  for (const { element, where } of dependencyElements) {
    if (where !== 'management') continue;
    const group = resolve(childText(element, 'groupId'));
    const artifact = resolve(childText(element, 'artifactId'));
    const version = resolve(childText(element, 'version'));
    if (group && artifact && version && childText(element, 'scope') !== 'import')
      managed.set(`${group}:${artifact}`, version);
  }

  const seen = new Set<string>();
  dependencyElements.forEach(({ element, where }, index) => {
    if (where !== 'declared') return;
    const line = dependencyLines[index];
    const report = (message: string, severity: Problem['severity'] = 'error'): void => {
      result.problems.push({ file: path, line, message, severity });
    };
    const rawGroup = childText(element, 'groupId');
    const rawArtifact = childText(element, 'artifactId');
    const group = resolve(rawGroup);
    const artifact = resolve(rawArtifact);
    if (!group || !artifact) {
      report(
        `dependency ${rawGroup || '(no groupId)'}:${rawArtifact || '(no artifactId)'} has an unresolved or empty groupId/artifactId`,
      );
      return;
    }
    const rawVersion = childText(element, 'version');
    let version = rawVersion === '' ? managed.get(`${group}:${artifact}`) : resolve(rawVersion);
    if (version === undefined) {
      report(
        rawVersion === ''
          ? `${group}:${artifact} has no version here (managed by a parent POM or BOM, not read); not inventoried`
          : `${group}:${artifact} version ${rawVersion} uses a property not defined in this POM; not inventoried`,
        'warning',
      );
      return;
    }
    version = version.trim();
    if (/^[[(]/.test(version)) {
      report(
        `${group}:${artifact} has a version range ${version}, not one version; not inventoried`,
        'warning',
      );
      return;
    }
    const key = `${group}:${artifact}@${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    const scope = childText(element, 'scope') || 'compile';
    result.components.push(
      makeComponent('Maven', `${group}:${artifact}`, version, path, line, { direct: true, scope }),
    );
  });
  return result;
}

/** fast-xml-parser's preserveOrder output → a plain element tree (text joined per element). */
function toElements(nodes: unknown[]): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@' || key === '#text' || !Array.isArray(value)) continue;
      const children = toElements(value);
      const text = value
        .map((child: unknown) =>
          typeof child === 'object' && child !== null && '#text' in child
            ? String((child as { '#text': unknown })['#text'])
            : '',
        )
        .join('');
      elements.push({ name: key, children, text });
    }
  }
  return elements;
}

function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

function childText(element: XmlElement, name: string): string {
  return child(element, name)?.text.trim() ?? '';
}

function collectProperties(project: XmlElement): Map<string, string> {
  const properties = new Map<string, string>();
  const parent = child(project, 'parent');
  const coordinates: [string, string | undefined][] = [
    ['groupId', childText(project, 'groupId') || (parent && childText(parent, 'groupId'))],
    ['artifactId', childText(project, 'artifactId')],
    ['version', childText(project, 'version') || (parent && childText(parent, 'version'))],
  ];
  for (const [field, value] of coordinates) {
    if (!value) continue;
    properties.set(`project.${field}`, value);
    properties.set(`pom.${field}`, value);
    properties.set(field, value);
  }
  if (parent !== undefined) {
    for (const field of ['groupId', 'artifactId', 'version']) {
      const value = childText(parent, field);
      if (value) {
        properties.set(`project.parent.${field}`, value);
        properties.set(`parent.${field}`, value);
      }
    }
  }
  const declared = child(project, 'properties');
  for (const property of declared?.children ?? []) properties.set(property.name, property.text.trim());
  return properties;
}

/** Replace `${name}` references; undefined if any stays unresolved. */
function interpolate(value: string, properties: ReadonlyMap<string, string>): string | undefined {
  let current = value;
  for (let depth = 0; depth < MAX_INTERPOLATION_DEPTH && current.includes('${'); depth++) {
    let unresolved = false;
    current = current.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
      const replacement = properties.get(name);
      if (replacement === undefined) {
        unresolved = true;
        return `\${${name}}`;
      }
      return replacement;
    });
    if (unresolved) return undefined;
  }
  return current.includes('${') ? undefined : current;
}

/** Every `<dependency>` element in document order, labelled by where it sits. */
function collectDependencyElements(
  project: XmlElement,
): { element: XmlElement; where: 'declared' | 'management' | 'other' }[] {
  const found: { element: XmlElement; where: 'declared' | 'management' | 'other' }[] = [];
  const walk = (element: XmlElement, trail: readonly string[]): void => {
    for (const node of element.children) {
      if (node.name === 'dependency') {
        const where =
          trail.includes('plugin') || trail.includes('plugins')
            ? 'other'
            : trail.includes('dependencyManagement')
              ? 'management'
              : 'declared';
        found.push({ element: node, where });
      }
      walk(node, [...trail, node.name]);
    }
  };
  walk(project, []);
  return found;
}

/**
 * Lines of each `<dependency>` start tag in document order, skipping comments and CDATA.
 * fast-xml-parser keeps no positions, and both walks visit elements in document order, so the
 * n-th tag found here is the n-th element found by collectDependencyElements.
 */
function dependencyTagLines(text: string): number[] {
  const starts = lineStarts(text);
  const lines: number[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open === -1) break;
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      i = end === -1 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', open)) {
      const end = text.indexOf(']]>', open + 9);
      i = end === -1 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<dependency', open)) {
      const next = text[open + '<dependency'.length];
      if (next === '>' || next === ' ' || next === '/' || next === '\t' || next === '\n' || next === '\r') {
        lines.push(lineAtOffset(starts, open));
      }
    }
    i = open + 1;
  }
  return lines;
}
