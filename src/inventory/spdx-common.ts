/**
 * SPDX 2.x (https://spdx.github.io/spdx-spec/v2.3/): what JSON and tag-value share. Both
 * serialisations reduce to packages + relationships; one builder turns that into components so
 * the two cannot drift. Direct vs transitive comes from the relationship graph: the described
 * packages are the roots, what a root DEPENDS_ON/CONTAINS is direct, anything further is transitive.
 */
import type { Problem } from '../core/errors.js';
import { type DeclaredIdentity, identifyComponent } from './sbom-common.js';
import type { AssetRef, Component, InventoryResult } from './types.js';

export interface SpdxPackage {
  spdxId: string;
  name: string;
  version: string;
  purls: string[];
  cpes: string[];
  line?: number;
}

export interface SpdxRelationship {
  from: string;
  type: string;
  to: string;
}

export interface SpdxDocument {
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
  /** `documentDescribes` (JSON) — older producers use it instead of DESCRIBES relationships. */
  describes: string[];
  problems: Problem[];
}

// Relationship types read as "from needs to" (forward) or "to needs from" (reverse).
const FORWARD = new Set(['DEPENDS_ON', 'CONTAINS']);
const REVERSE = new Set([
  'DEPENDENCY_OF',
  'CONTAINED_BY',
  'DEV_DEPENDENCY_OF',
  'BUILD_DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
  'OPTIONAL_DEPENDENCY_OF',
  'PROVIDED_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
]);
const DOCUMENT = 'SPDXRef-DOCUMENT';

function isCpe(locator: string): boolean {
  return /^cpe:(2\.3:|\/)/i.test(locator);
}

/** Picks the purl/CPE refs of an externalRefs list (category spelled with '-' or '_'). */
export function classifyExternalRef(pkg: SpdxPackage, category: string, type: string, locator: string): void {
  const kind = type.toLowerCase();
  if (kind === 'purl') pkg.purls.push(locator);
  else if ((kind === 'cpe23type' || kind === 'cpe22type') && isCpe(locator)) pkg.cpes.push(locator);
  else if (category.toUpperCase().replace('_', '-') === 'SECURITY' && isCpe(locator)) pkg.cpes.push(locator);
}

export function buildSpdxResult(parser: string, path: string, doc: SpdxDocument): InventoryResult {
  const problems: Problem[] = [...doc.problems];
  const roots = new Set(doc.describes);
  const children = new Map<string, string[]>();
  const addEdge = (from: string, to: string): void => {
    const list = children.get(from);
    if (list) list.push(to);
    else children.set(from, [to]);
  };
  for (const { from, type, to } of doc.relationships) {
    const kind = type.toUpperCase();
    if (kind === 'DESCRIBES' && from === DOCUMENT) roots.add(to);
    else if (kind === 'DESCRIBED_BY' && to === DOCUMENT) roots.add(from);
    else if (FORWARD.has(kind)) addEdge(from, to);
    else if (REVERSE.has(kind)) addEdge(to, from);
  }
  // Breadth-first from the roots: depth 1 = direct, deeper = transitive.
  const depth = new Map<string, number>();
  let frontier = [...roots];
  for (const root of roots) depth.set(root, 0);
  for (let level = 1; frontier.length > 0; level += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const child of children.get(id) ?? []) {
        if (depth.has(child)) continue;
        depth.set(child, level);
        next.push(child);
      }
    }
    frontier = next;
  }

  const components: Component[] = [];
  for (const pkg of doc.packages) {
    const location = pkg.line === undefined ? { file: path } : { file: path, line: pkg.line };
    if (pkg.purls.length > 1) {
      problems.push({
        ...location,
        field: 'externalRefs',
        message: `${pkg.name}: ${pkg.purls.length} purls; using the first with an OSV ecosystem`,
        severity: 'warning',
      });
    }
    const declared: DeclaredIdentity = { name: pkg.name, version: pkg.version };
    const purl = pkg.purls.find((candidate) => /^pkg:(?!generic\/)/i.test(candidate)) ?? pkg.purls[0];
    if (purl) declared.purl = purl;
    if (pkg.cpes[0]) declared.cpe = pkg.cpes[0];
    const component = identifyComponent(declared, location, problems);
    const level = depth.get(pkg.spdxId);
    if (level !== undefined && level > 0) component.direct = level === 1;
    components.push(component);
  }
  // The described packages are what the SBOM is about: also report them as assets.
  const byId = new Map(doc.packages.map((pkg) => [pkg.spdxId, pkg]));
  const assets: AssetRef[] = [];
  for (const root of roots) {
    const pkg = byId.get(root);
    if (pkg) assets.push({ id: pkg.version ? `${pkg.name}@${pkg.version}` : pkg.name });
  }
  return { parser, components, problems, assets };
}
