/**
 * Remediation per component: the smallest upgrade that fixes all its findings, the smallest that
 * fixes the urgent ones (KEV or SSVC Act), the distro's fixed version for OS packages, and the KB
 * articles for Windows. Versions are ordered by the ecosystem's own scheme, never by semver
 * fallback; without a scheme no upgrade is computed and the reason says so.
 */
import { baseEcosystem } from '../core/ecosystem.js';
import type { Component } from '../inventory/types.js';
import type { Finding } from '../matching/types.js';
import { getVersionScheme, parseVersionCached } from '../versions/index.js';
import { purlKey } from './triage.js';

const DISTRO_ECOSYSTEMS = new Set([
  'AlmaLinux',
  'Alpine',
  'Chainguard',
  'Debian',
  'Mageia',
  'openSUSE',
  'Photon OS',
  'Red Hat',
  'Rocky Linux',
  'SUSE',
  'Ubuntu',
  'Wolfi',
]);

export interface UpgradeTarget {
  version: string;
  /** 'engine' = the matcher's range-aware recommendation; 'first-fix' = highest of each finding's first fixed version. */
  basis: 'engine' | 'first-fix';
  fixes: string[];
}

export interface ComponentRemediation {
  component: Component;
  findings: string[];
  fixesAll?: UpgradeTarget;
  /** Smallest upgrade fixing the KEV-listed and SSVC-Act findings, when there are any. */
  fixesUrgent?: UpgradeTarget;
  /** Findings no known version fixes. */
  noFix: string[];
  /** For distro packages: the package the distro ships the fix in. */
  distroPackage?: { distro: string; package: string; version?: string };
  /** Windows: KB articles named by the evidence or references (digits only). */
  kbArticles: string[];
  summary: string;
}

type Ranked = Finding & { ssvc?: { decision: string } };

function componentKey(component: Component): string {
  return component.purl
    ? purlKey(component.purl)
    : `${component.ecosystem}/${component.name}@${component.version}|${component.asset?.id ?? ''}|${component.location.file}`;
}

/** Highest of the findings' first fixed versions, in the component's scheme. */
function firstFixCovering(component: Component, findings: readonly Ranked[]): UpgradeTarget | undefined {
  const scheme = getVersionScheme(component.ecosystem);
  if (!scheme || findings.length === 0) return undefined;
  let best: { raw: string; value: unknown } | undefined;
  for (const finding of findings) {
    const first = finding.fixedVersions[0];
    if (first === undefined) return undefined;
    const value = parseVersionCached(scheme, first);
    if (value === undefined) return undefined;
    if (!best || scheme.compare(value, best.value) > 0) best = { raw: first, value };
  }
  return (
    best && {
      version: best.raw,
      basis: 'first-fix',
      fixes: [...new Set(findings.map((f) => f.vulnerabilityId))].sort(),
    }
  );
}

const KB_PATTERN = /\bKB ?(\d{6,8})\b/g;

function kbArticlesOf(findings: readonly Finding[]): string[] {
  const found = new Set<string>();
  for (const finding of findings) {
    const texts = [
      ...finding.evidence.filter((e) => e.rule === 'kb').map((e) => e.detail),
      ...finding.fixedVersions,
    ];
    for (const text of texts)
      for (const match of text.slice(0, 10_000).matchAll(KB_PATTERN)) found.add(match[1] as string);
  }
  return [...found].sort();
}

/** Groups findings by component and plans each component's upgrade. Pure. */
export function planRemediation(findings: readonly Ranked[]): ComponentRemediation[] {
  const groups = new Map<string, Ranked[]>();
  for (const finding of findings) {
    const key = componentKey(finding.component);
    const list = groups.get(key) ?? [];
    list.push(finding);
    groups.set(key, list);
  }
  const plans: ComponentRemediation[] = [];
  for (const list of groups.values()) {
    const component = (list[0] as Ranked).component;
    const ids = [...new Set(list.map((finding) => finding.vulnerabilityId))].sort();
    const noFix = [
      ...new Set(list.filter((f) => f.fixedVersions.length === 0).map((f) => f.vulnerabilityId)),
    ].sort();
    const fixable = list.filter((finding) => finding.fixedVersions.length > 0);
    const engine = list.find((finding) => finding.recommendedVersion !== undefined)?.recommendedVersion;
    const fixesAll: UpgradeTarget | undefined =
      noFix.length > 0
        ? undefined
        : engine !== undefined
          ? { version: engine, basis: 'engine', fixes: ids }
          : firstFixCovering(component, fixable);
    const urgent = fixable.filter((finding) => finding.kev !== undefined || finding.ssvc?.decision === 'Act');
    const fixesUrgent = firstFixCovering(component, urgent);
    const plan: ComponentRemediation = {
      component,
      findings: ids,
      noFix,
      kbArticles: baseEcosystem(component.ecosystem) === 'Windows' || component.cpe ? kbArticlesOf(list) : [],
      summary: '',
    };
    if (fixesAll) plan.fixesAll = fixesAll;
    if (fixesUrgent) plan.fixesUrgent = fixesUrgent;
    const base = baseEcosystem(component.ecosystem);
    if (DISTRO_ECOSYSTEMS.has(base)) {
      plan.distroPackage = {
        distro: component.ecosystem,
        package: component.sourceName ?? component.name,
        ...(fixesAll ? { version: fixesAll.version } : {}),
      };
    }
    plan.summary = summarize(plan, getVersionScheme(component.ecosystem) !== undefined);
    plans.push(plan);
  }
  return plans;
}

function summarize(plan: ComponentRemediation, hasScheme: boolean): string {
  const name = `${plan.component.name}@${plan.component.version}`;
  const parts: string[] = [];
  if (plan.kbArticles.length > 0) parts.push(`install ${plan.kbArticles.map((kb) => `KB${kb}`).join(', ')}`);
  if (plan.fixesAll) {
    const where = plan.distroPackage
      ? ` (${plan.distroPackage.distro} package ${plan.distroPackage.package})`
      : '';
    parts.push(`upgrade ${name} to ${plan.fixesAll.version}${where} to fix all ${plan.findings.length}`);
  } else if (plan.noFix.length > 0) {
    parts.push(`no fixed version for ${plan.noFix.join(', ')}`);
  } else if (!hasScheme) {
    parts.push(`no version ordering for ${plan.component.ecosystem}: compare fixed versions by hand`);
  }
  if (plan.fixesUrgent && plan.fixesUrgent.version !== plan.fixesAll?.version) {
    parts.push(`at least ${plan.fixesUrgent.version} now for ${plan.fixesUrgent.fixes.join(', ')} (KEV/Act)`);
  }
  return parts.join('; ') || `no action known for ${name}`;
}
