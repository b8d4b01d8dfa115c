/**
 * Matching components known only by CPE (network services from a scan, vendor products) against
 * NVD-style CPE applicability statements, plus Ward's overlay rules that extend NVD where its
 * data is incomplete (origin `overlay:<rule-id>`, e.g. MS01-033 naming IIS 4.0/5.0 for Code Red).
 *
 * Semantics (NVD CVE API 2.0 `configurations`): a configuration holds nodes joined by its
 * operator; a node's cpeMatch entries are joined by the node's operator and may be negated; a
 * cpeMatch matches a host CPE when its criteria is a superset of it (NISTIR 7696 name matching)
 * and the host's version lies within versionStart/End Including/Excluding. Only entries marked
 * `vulnerable` make a finding; the others state the platform the product must run on.
 */
import type { Advisory, CpeConfiguration, CpeMatch, CpeNode } from '../advisories/types.js';
import {
  CPE_ATTRIBUTES,
  type CpeValue,
  compareCpeValues,
  cpeVendorProduct,
  parseCpe,
  type Wfn,
} from '../core/cpe.js';
import type { Component } from '../inventory/types.js';
import { getVersionScheme } from '../versions/index.js';
import type { AdvisoryIndex, Finding, MatchEvidence } from './types.js';

interface HostCpe {
  component: Component;
  wfn: Wfn;
}

interface CpeMatchResult {
  findings: Finding[];
  advisoriesConsidered: string[];
}

// CPE versions are vendor strings ("5.0", "2.4.49", "2000"); the generic dotted scheme orders them.
const versionScheme = getVersionScheme('Generic');

/** A WFN string value with its quoting removed (`5\.0` → `5.0`), or undefined for ANY/NA. */
function plain(value: CpeValue): string | undefined {
  return typeof value === 'string' ? value.replace(/\\(.)/g, '$1') : undefined;
}

function compareVersionText(a: string, b: string): number | undefined {
  if (!versionScheme) return undefined;
  const left = versionScheme.parse(a);
  const right = versionScheme.parse(b);
  if (left === undefined || right === undefined) return undefined;
  return versionScheme.compare(left, right);
}

function hasBounds(match: CpeMatch): boolean {
  return Boolean(
    match.versionStartIncluding ??
      match.versionStartExcluding ??
      match.versionEndIncluding ??
      match.versionEndExcluding,
  );
}

/** Whether `match` applies to `host`; returns a human-readable reason when it does. */
function cpeMatchApplies(match: CpeMatch, host: HostCpe): string | undefined {
  let criteria: Wfn;
  try {
    criteria = parseCpe(match.criteria);
  } catch {
    return undefined;
  }
  const bounded = hasBounds(match);
  for (const attribute of CPE_ATTRIBUTES) {
    // With version bounds, NVD puts '*' in the version and the bounds decide.
    if (attribute === 'version' && bounded) continue;
    const relation = compareCpeValues(criteria[attribute], host.wfn[attribute]);
    if (relation !== 'SUPERSET' && relation !== 'EQUAL') return undefined;
  }
  if (!bounded) return `${match.criteria} matches ${host.component.cpe}`;
  const version = plain(host.wfn.version);
  if (version === undefined || version === '') return undefined;
  const checks: Array<[string | undefined, (cmp: number) => boolean, string]> = [
    [match.versionStartIncluding, (cmp) => cmp >= 0, '>='],
    [match.versionStartExcluding, (cmp) => cmp > 0, '>'],
    [match.versionEndIncluding, (cmp) => cmp <= 0, '<='],
    [match.versionEndExcluding, (cmp) => cmp < 0, '<'],
  ];
  const parts: string[] = [];
  for (const [bound, accept, symbol] of checks) {
    if (bound === undefined) continue;
    const cmp = compareVersionText(version, bound);
    if (cmp === undefined || !accept(cmp)) return undefined;
    parts.push(`${symbol} ${bound}`);
  }
  return `${match.criteria} (${parts.join(', ')}) matches ${host.component.cpe}`;
}

interface NodeResult {
  satisfied: boolean;
  hits: Array<{ host: HostCpe; match: CpeMatch; reason: string }>;
}

function evaluateNode(node: CpeNode, hosts: readonly HostCpe[]): NodeResult {
  const hits: NodeResult['hits'] = [];
  const perMatch = node.cpeMatch.map((match) => {
    let any = false;
    for (const host of hosts) {
      const reason = cpeMatchApplies(match, host);
      if (reason) {
        any = true;
        hits.push({ host, match, reason });
      }
    }
    return any;
  });
  let satisfied =
    node.operator === 'AND' ? perMatch.length > 0 && perMatch.every(Boolean) : perMatch.some(Boolean);
  if (node.negate) satisfied = !satisfied;
  return { satisfied, hits: node.negate ? [] : hits };
}

function evaluateConfiguration(configuration: CpeConfiguration, hosts: readonly HostCpe[]): NodeResult {
  const results = configuration.nodes.map((node) => evaluateNode(node, hosts));
  let satisfied =
    configuration.operator === 'AND'
      ? results.length > 0 && results.every((result) => result.satisfied)
      : results.some((result) => result.satisfied);
  if (configuration.negate) satisfied = !satisfied;
  return {
    satisfied,
    hits: satisfied ? results.flatMap((result) => (result.satisfied ? result.hits : [])) : [],
  };
}

function toHost(component: Component): HostCpe | undefined {
  if (!component.cpe) return undefined;
  try {
    return { component, wfn: parseCpe(component.cpe) };
  } catch {
    return undefined;
  }
}

/** Components are grouped per asset: a platform node (e.g. "on Windows 2000") is met by another CPE of the same host. */
function assetKey(component: Component): string {
  return component.asset?.id ?? `${component.location.file}`;
}

export async function matchCpeComponents(
  components: readonly Component[],
  index: AdvisoryIndex,
): Promise<CpeMatchResult> {
  const hostsByAsset = new Map<string, HostCpe[]>();
  const products = new Set<string>();
  for (const component of components) {
    const host = toHost(component);
    if (!host) continue;
    const key = assetKey(component);
    const list = hostsByAsset.get(key) ?? [];
    list.push(host);
    hostsByAsset.set(key, list);
    products.add(cpeVendorProduct(host.wfn));
  }
  if (products.size === 0) return { findings: [], advisoriesConsidered: [] };
  const byProduct = await index.advisoriesForCpeProducts([...products]);
  const considered = new Set<string>();
  const findings: Finding[] = [];

  for (const hosts of hostsByAsset.values()) {
    const advisories = new Map<string, Advisory>();
    for (const host of hosts) {
      for (const advisory of byProduct.get(cpeVendorProduct(host.wfn)) ?? [])
        advisories.set(advisory.id, advisory);
    }
    for (const advisory of advisories.values()) {
      considered.add(advisory.id);
      const perComponent = new Map<Component, { evidence: MatchEvidence[]; fixed: Set<string> }>();
      for (const configuration of advisory.cpeConfigurations) {
        const result = evaluateConfiguration(configuration, hosts);
        for (const hit of result.hits) {
          if (!hit.match.vulnerable) continue;
          const entry = perComponent.get(hit.host.component) ?? { evidence: [], fixed: new Set<string>() };
          const rule = configuration.origin === 'nvd' ? 'cpe' : configuration.origin;
          if (!entry.evidence.some((item) => item.rule === rule && item.detail === hit.reason)) {
            entry.evidence.push({
              rule,
              detail: hit.reason,
              advisoryId: advisory.id,
              confidence: 'affected',
            });
          }
          if (hit.match.versionEndExcluding) entry.fixed.add(hit.match.versionEndExcluding);
          perComponent.set(hit.host.component, entry);
        }
      }
      for (const [component, entry] of perComponent) {
        findings.push({
          component,
          vulnerabilityId: advisory.id,
          aliases: [...advisory.aliases].sort(),
          ...(advisory.summary
            ? { summary: advisory.summary }
            : advisory.details
              ? { summary: advisory.details.split('\n')[0]! }
              : {}),
          severity: advisory.severity,
          fixedVersions: [...entry.fixed].sort((a, b) => compareVersionText(a, b) ?? a.localeCompare(b)),
          evidence: entry.evidence,
          weaknesses: advisory.weaknesses,
          ...(advisory.published ? { published: advisory.published } : {}),
          references: advisory.references.map((reference) => reference.url),
        });
      }
    }
  }
  return { findings, advisoriesConsidered: [...considered] };
}
