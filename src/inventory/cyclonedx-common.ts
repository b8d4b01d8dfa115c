/**
 * The part of CycloneDX reading that JSON and XML share: both serialisations are first reduced to
 * the small tree below, then turned into Ward components in one place, so the two cannot drift.
 *
 * Why not @cyclonedx/cyclonedx-library: it models and *serialises* BOMs (its JSON/XML
 * deserialisation is partial and marked experimental), it pulls in optional native XML/validator
 * dependencies, and we need only a handful of fields (name, version, purl, cpe, bom-ref, scope,
 * nested components, dependency graph) plus line numbers, which it does not keep. Reading those
 * fields by hand over JSON.parse / fast-xml-parser is smaller and easier to keep XXE-safe.
 */
import type { Problem } from '../core/errors.js';
import { distroFromOsRelease } from './os-release.js';
import { type DeclaredIdentity, identifyComponent } from './sbom-common.js';
import type { AssetRef, Component, InventoryResult } from './types.js';

export interface CdxNode {
  name: string;
  version: string;
  group?: string;
  purl?: string;
  cpe?: string;
  bomRef?: string;
  scope?: string;
  type?: string;
  line?: number;
  properties: Array<{ name: string; value: string }>;
  children: CdxNode[];
}

export interface CdxDocument {
  specVersion?: string;
  subject?: CdxNode;
  components: CdxNode[];
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
  /** Problems found while reducing the serialisation (e.g. a component without a name). */
  problems: Problem[];
}

// Subject types that are a place software runs on; their components get the subject as asset.
const ASSET_TYPES = new Set(['container', 'device', 'operating-system', 'platform', 'firmware']);

function assetFromSubject(subject: CdxNode): AssetRef {
  const asset: AssetRef = {
    id: subject.bomRef ?? (subject.version ? `${subject.name}@${subject.version}` : subject.name),
  };
  // No standard hostname field exists; producers put it in properties (e.g. `…:hostname`).
  for (const { name, value } of subject.properties) {
    const key = name.toLowerCase();
    if (key.endsWith('hostname')) asset.hostname = value;
    else if (key.endsWith(':ip') || key.endsWith('address')) asset.address = value;
  }
  return asset;
}

/** Turns the reduced CycloneDX tree into an InventoryResult. */
export function buildCycloneDxResult(parser: string, path: string, doc: CdxDocument): InventoryResult {
  const problems: Problem[] = [...doc.problems];
  const components: Component[] = [];
  const assets: AssetRef[] = [];
  const subjectAsset = doc.subject ? assetFromSubject(doc.subject) : undefined;
  if (subjectAsset) assets.push(subjectAsset);
  const perComponentAsset = doc.subject && ASSET_TYPES.has(doc.subject.type ?? '') ? subjectAsset : undefined;

  // Direct = listed in the root's dependsOn; transitive = reachable from the root further down;
  // a component the graph does not reach is left undefined (the format does not say). Without a
  // root entry the graph says nothing about direct at all.
  const graph = new Map<string, string[]>();
  for (const entry of doc.dependencies)
    graph.set(entry.ref, [...(graph.get(entry.ref) ?? []), ...entry.dependsOn]);
  const rootRef = doc.subject?.bomRef;
  const rootDeps = rootRef === undefined ? undefined : graph.get(rootRef);
  const directRefs = rootDeps === undefined ? undefined : new Set(rootDeps);
  const reachable = new Set<string>();
  const queue = [...(directRefs ?? [])];
  for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) {
    if (reachable.has(ref)) continue;
    reachable.add(ref);
    queue.push(...(graph.get(ref) ?? []));
  }

  let distro: string | undefined;
  const visit = (node: CdxNode, parentDirect: boolean | undefined): void => {
    if (node.type === 'operating-system' && distro === undefined) {
      distro = distroFromOsRelease(node.name, node.version);
    }
    const location = node.line === undefined ? { file: path } : { file: path, line: node.line };
    const displayName = node.group && !node.purl ? `${node.group}:${node.name}` : node.name;
    const declared: DeclaredIdentity = { name: displayName, version: node.version };
    if (node.purl) declared.purl = node.purl;
    if (node.cpe) declared.cpe = node.cpe;
    const component = identifyComponent(declared, location, problems);
    if (node.scope) component.scope = node.scope;
    if (directRefs && node.bomRef !== undefined && reachable.has(node.bomRef)) {
      component.direct = directRefs.has(node.bomRef);
    } else if (parentDirect !== undefined) {
      // Nested inside a component the graph places: shipped within it, so not declared directly.
      component.direct = false;
    }
    if (perComponentAsset) component.asset = perComponentAsset;
    components.push(component);
    for (const child of node.children) visit(child, component.direct);
  };
  for (const node of doc.components) visit(node, undefined);

  // A distro named by an operating-system component refines deb/apk purls that carry none.
  if (distro) {
    const base = distro.slice(0, distro.indexOf(':'));
    for (const component of components) if (component.ecosystem === base) component.ecosystem = distro;
  }
  const result: InventoryResult = { parser, components, problems, assets };
  if (distro) result.distro = distro;
  return result;
}

/**
 * Checks of one component declaration that real SBOMs fail (and the spec's invalid-* tests probe):
 * each is a problem at the component's line, never a rejection of the file, because producers
 * ship such documents and the rest of the inventory is still good. osv-scanner's own e2e SBOMs
 * carry all three: Syft repeats bom-refs, SCALIBR writes an empty subject, and a component with
 * an empty <name> and no purl appears in its bad-purls case.
 */
export class CdxEntryChecks {
  private readonly bomRefs = new Map<string, number | undefined>();

  constructor(
    private readonly path: string,
    readonly problems: Problem[],
  ) {}

  private report(
    line: number | undefined,
    field: string,
    message: string,
    severity: Problem['severity'],
  ): void {
    this.problems.push({
      file: this.path,
      ...(line === undefined ? {} : { line }),
      field,
      message,
      severity,
    });
  }

  /** The bom-ref to keep: undefined for an empty one; a repeated one is kept and reported. */
  bomRef(value: string | undefined, line: number | undefined, field: string): string | undefined {
    if (value === undefined) return undefined;
    if (value === '') {
      this.report(line, `${field}.bom-ref`, 'bom-ref is empty; ignored', 'warning');
      return undefined;
    }
    if (this.bomRefs.has(value)) {
      const first = this.bomRefs.get(value);
      this.report(
        line,
        `${field}.bom-ref`,
        `bom-ref "${value}" repeats the one at line ${first ?? '?'}; dependencies naming it apply to both`,
        'warning',
      );
    } else {
      this.bomRefs.set(value, line);
    }
    return value;
  }

  /** False (and a problem) for a component that names nothing: no name and no purl. */
  identifiable(name: string, purl: string | undefined, line: number | undefined, field: string): boolean {
    if (name !== '' || purl) return true;
    this.report(line, field, 'component has neither name nor purl; skipped', 'error');
    return false;
  }

  /** False (and a problem) for a dependency entry without a ref: the edge it states has no source. */
  dependencyRef(ref: string | undefined, line: number | undefined, field: string): ref is string {
    if (ref) return true;
    this.report(line, `${field}.ref`, 'dependency has no ref; its edges are ignored', 'warning');
    return false;
  }
}

/** Queue of 1-based lines per key, consumed in document order (duplicates keep their own line). */
export class LineQueue {
  private readonly lines = new Map<string, number[]>();

  add(key: string, line: number): void {
    const list = this.lines.get(key);
    if (list) list.push(line);
    else this.lines.set(key, [line]);
  }

  take(key: string): number | undefined {
    return this.lines.get(key)?.shift();
  }
}
