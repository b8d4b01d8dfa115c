/**
 * Windows KB matching. A Windows host report (inventory/windows-hotfix) gives each host one
 * component: the OS product as an NVD CPE plus the KB articles installed (`installedKbs`).
 * CPE matching alone would flag every CVE ever filed against that product; Microsoft's fix for a
 * CVE is an update (CSAF `remediations`, category `vendor_fix`, naming KB articles), so:
 *
 *   - the advisory names KB fixes and one of them is installed  → fixed: no finding
 *   - the advisory names KB fixes and none is installed          → finding, evidence rule 'kb'
 *     naming the missing KBs, which are also its `fixedVersions` (the thing to install)
 *   - the advisory names no KB fix                               → the CPE finding stands
 *
 * Which of an advisory's KB remediations belong to the host's product: CSAF remediations name
 * products by the document's own product ids, which the normalised Advisory does not resolve. A
 * remediation that names the host's CPE or NVD product (`windows_server_2016`) is taken as
 * product-specific; when none does, every KB fix of the advisory counts (KB articles are
 * product-specific, so a host does not carry another product's KB by accident).
 *
 * Not modelled: supersedence. Microsoft's cumulative updates replace earlier ones, so a host
 * patched with a later cumulative update than the one an advisory names is reported as missing
 * the named KB; the evidence lists what was looked for so the report can be checked by hand.
 */
import type { Advisory, Remediation } from '../advisories/types.js';
import { cpeVendorProduct, parseCpe } from '../core/cpe.js';
import type { Component } from '../inventory/types.js';
import type { AdvisoryIndex, Finding } from './types.js';

export type KbVerdict =
  | { state: 'fixed'; kb: string }
  | { state: 'missing'; kbs: string[] }
  | { state: 'no-kb-data' };

/** KB articles (digits) that fix `advisory` on `component`'s product, in the advisory's order. */
export function fixingKbs(advisory: Pick<Advisory, 'remediations'>, component: Component): string[] {
  const fixes = advisory.remediations.filter(
    (remediation) => remediation.category === 'vendor_fix' && remediation.kbArticles.length > 0,
  );
  const product = productToken(component);
  const specific = product
    ? fixes.filter((remediation) => remediationNames(remediation, product, component.cpe))
    : [];
  return [
    ...new Set((specific.length > 0 ? specific : fixes).flatMap((remediation) => remediation.kbArticles)),
  ];
}

/** What the host's installed KBs say about `advisory` (see the module comment). */
export function kbVerdict(advisory: Pick<Advisory, 'remediations'>, component: Component): KbVerdict {
  const kbs = fixingKbs(advisory, component);
  if (kbs.length === 0) return { state: 'no-kb-data' };
  const installed = new Set(component.installedKbs ?? []);
  const present = kbs.find((kb) => installed.has(kb));
  return present ? { state: 'fixed', kb: present } : { state: 'missing', kbs };
}

/**
 * Applies KB verdicts to CPE findings on Windows host components (those with `installedKbs`):
 * drops the fixed ones, turns the rest into KB findings. Other findings pass through unchanged.
 */
export async function applyKbRemediations(
  findings: readonly Finding[],
  index: AdvisoryIndex,
): Promise<Finding[]> {
  const windows = findings.filter((finding) => finding.component.installedKbs !== undefined);
  if (windows.length === 0) return [...findings];
  const products = new Set<string>();
  for (const finding of windows) {
    const product = finding.component.cpe ? safeVendorProduct(finding.component.cpe) : undefined;
    if (product) products.add(product);
  }
  const byId = new Map<string, Advisory>();
  for (const list of (await index.advisoriesForCpeProducts([...products])).values()) {
    for (const advisory of list) byId.set(advisory.id, advisory);
  }
  const out: Finding[] = [];
  for (const finding of findings) {
    if (finding.component.installedKbs === undefined) {
      out.push(finding);
      continue;
    }
    const advisoryId = finding.evidence[0]?.advisoryId ?? finding.vulnerabilityId;
    const advisory = byId.get(advisoryId);
    const verdict: KbVerdict = advisory ? kbVerdict(advisory, finding.component) : { state: 'no-kb-data' };
    if (verdict.state === 'fixed') continue;
    if (verdict.state === 'no-kb-data') {
      out.push(finding);
      continue;
    }
    const host =
      finding.component.asset?.hostname ?? finding.component.asset?.id ?? finding.component.location.file;
    out.push({
      ...finding,
      fixedVersions: verdict.kbs.map((kb) => `KB${kb}`),
      evidence: [
        ...finding.evidence,
        {
          rule: 'kb',
          detail: `${host} has none of ${verdict.kbs.map((kb) => `KB${kb}`).join(', ')} installed (${finding.component.installedKbs.length} KBs reported)`,
          advisoryId,
          confidence: 'affected',
        },
      ],
    });
  }
  return out;
}

function safeVendorProduct(cpe: string): string | undefined {
  try {
    return cpeVendorProduct(parseCpe(cpe));
  } catch {
    return undefined;
  }
}

/** `windows_server_2016` for the host's CPE, or undefined. */
function productToken(component: Component): string | undefined {
  return component.cpe ? safeVendorProduct(component.cpe)?.split(':')[1] : undefined;
}

function remediationNames(remediation: Remediation, product: string, cpe: string | undefined): boolean {
  return remediation.productIds.some((id) => {
    const lower = id.toLowerCase();
    return (
      (cpe !== undefined && lower === cpe.toLowerCase()) ||
      lower.includes(`:${product}:`) ||
      lower === product
    );
  });
}
