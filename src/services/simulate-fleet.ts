/**
 * Builds the `fleet` outbreak scenario's input (src/simulate/fleet.ts) from what Ward already knows:
 * the findings of a scan (the `ward scan --format json` contract, schemas/scan-result.schema.json),
 * the asset context (addresses, internet exposure; docs/prioritization.md) and the patch policy's
 * due dates. The simulator itself stays pure; this module does the file reading and the joining.
 *
 *  - A host is vulnerable when an unsuppressed finding for the chosen CVE (its id or an alias) sits on
 *    it: the finding's `asset` matches the asset's id, one of its hostnames or one of its addresses.
 *  - Its network placement is the asset's first IPv4 address (its /16 and /8 drive local-preference
 *    scanning); `exposure: internet` makes it reachable by the internet-wide outbreak. `isolated`
 *    hosts are kept but unexposed (only the fleet's own infected hosts can reach them).
 *  - Its patch lag under the current policy is the finding's due date (end of that UTC day) minus
 *    the SLA clock start (the advisory's publication date when known, else when Ward first saw it),
 *    which is how the prioritisation policy computed the due date in the first place.
 * Assets without an IPv4 address cannot be placed in the address space and are reported as skipped.
 */
import { WardError } from '../core/errors.js';
import type { AssetContext, AssetInventory } from '../prioritize/assets.js';
import { type Fleet, type FleetHost, parseFleet, parseIpv4 } from '../simulate/fleet.js';
import { loadAssets } from './prioritize.js';
import { readText } from './read-text.js';

/** The fields of a `ward scan --format json` finding this module reads. */
interface ScanFindingView {
  vulnerabilityId: string;
  aliases: string[];
  asset: { id?: string; hostname?: string; address?: string } | null;
  firstSeen: string | null;
  published: string | null;
  dueDate: string | null;
  suppressed: boolean;
}

export interface FleetFromScan {
  fleet: Fleet;
  /** Assets or findings left out, one line each (no IPv4 address, unknown asset). */
  skipped: string[];
}

const HOUR_MS = 3_600_000;

/** Joins a parsed scan report (JSON contract) with the asset inventory for one CVE. */
export function fleetFromScanReport(
  report: unknown,
  assets: AssetInventory,
  cve: string,
  file = '<scan>',
): FleetFromScan {
  const wanted = cve.trim().toUpperCase();
  if (!/^CVE-\d{4}-\d{4,}$/.test(wanted)) {
    throw new WardError('input.invalid', `expected a CVE id like CVE-2001-0500, got "${cve}"`, {
      field: 'cve',
    });
  }
  const findings = readFindings(report, file).filter(
    (finding) =>
      !finding.suppressed &&
      (finding.vulnerabilityId.toUpperCase() === wanted ||
        finding.aliases.some((alias) => alias.toUpperCase() === wanted)),
  );
  const skipped: string[] = [];
  const hosts: FleetHost[] = [];
  const claimed = new Set<ScanFindingView>();
  for (const asset of assets.assets) {
    const address = asset.addresses.map(parseIpv4).find((value) => value !== undefined);
    const mine = findings.filter((finding) => assetClaims(asset, finding));
    for (const finding of mine) claimed.add(finding);
    if (address === undefined) {
      if (mine.length > 0)
        skipped.push(`${asset.id}: vulnerable to ${wanted} but has no IPv4 address to place it`);
      continue;
    }
    hosts.push({
      id: asset.id,
      address,
      internetFacing: asset.exposure === 'internet',
      vulnerable: mine.length > 0,
      patchLagHours: patchLag(mine),
    });
  }
  // Findings on hosts the asset file does not describe: placed by the finding's own address, with the
  // inventory's default exposure.
  const byAddress = new Map<number, ScanFindingView[]>();
  for (const finding of findings) {
    if (claimed.has(finding)) continue;
    const address = finding.asset?.address === undefined ? undefined : parseIpv4(finding.asset.address);
    if (address === undefined) {
      skipped.push(`${finding.asset?.id ?? '(no asset)'}: finding for ${wanted} without an IPv4 address`);
      continue;
    }
    byAddress.set(address, [...(byAddress.get(address) ?? []), finding]);
  }
  for (const [address, mine] of byAddress) {
    hosts.push({
      id: mine[0]?.asset?.id ?? null,
      address,
      internetFacing: (assets.defaultAsset?.exposure ?? 'internal') === 'internet',
      vulnerable: true,
      patchLagHours: patchLag(mine),
    });
  }
  return { fleet: { cve: wanted, hosts }, skipped };
}

/** `--scan FILE --assets FILE --cve ID`: reads both files and joins them. */
export async function loadFleetFromScan(
  scanFile: string,
  assetsFile: string,
  cve: string,
): Promise<FleetFromScan> {
  const text = await readText(scanFile, 'scan report');
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new WardError(
      'input.invalid',
      `expected a ward scan JSON report, got invalid JSON (${(error as Error).message})`,
      {
        file: scanFile,
        cause: error,
      },
    );
  }
  return fleetFromScanReport(report, await loadAssets(assetsFile), cve, scanFile);
}

/** `--fleet FILE`: a fleet document as src/simulate/fleet.ts describes it. */
export async function loadFleetFile(path: string): Promise<Fleet> {
  return parseFleet(await readText(path, 'fleet file'), path);
}

function assetClaims(asset: AssetContext, finding: ScanFindingView): boolean {
  const ref = finding.asset;
  if (!ref) return false;
  return (
    ref.id === asset.id ||
    (ref.hostname !== undefined && asset.hostnames.includes(ref.hostname)) ||
    (ref.address !== undefined && asset.addresses.includes(ref.address)) ||
    (ref.id !== undefined && (asset.hostnames.includes(ref.id) || asset.addresses.includes(ref.id)))
  );
}

/** The longest due-date lag of a host's findings (the host is patched when its last finding is). */
function patchLag(findings: readonly ScanFindingView[]): number | null {
  let lag: number | null = null;
  for (const finding of findings) {
    const start = finding.published ?? finding.firstSeen;
    if (!finding.dueDate || !start) continue;
    const due = Date.parse(`${finding.dueDate.slice(0, 10)}T23:59:59Z`);
    const from = Date.parse(start.length === 10 ? `${start}T00:00:00Z` : start);
    if (!Number.isFinite(due) || !Number.isFinite(from)) continue;
    const hours = Math.max(0, (due - from) / HOUR_MS);
    lag = lag === null ? hours : Math.max(lag, hours);
  }
  return lag === null ? null : Math.round(lag * 100) / 100;
}

function readFindings(report: unknown, file: string): ScanFindingView[] {
  const findings = isRecord(report) ? report.findings : undefined;
  if (!Array.isArray(findings)) {
    throw new WardError('input.invalid', 'expected a ward scan JSON report with a "findings" array', {
      file,
      field: 'findings',
    });
  }
  return findings.map((raw: unknown, index) => {
    const field = `findings[${index}]`;
    if (!isRecord(raw) || typeof raw.vulnerabilityId !== 'string') {
      throw new WardError('input.invalid', 'expected a finding with a string "vulnerabilityId"', {
        file,
        field,
      });
    }
    const asset = isRecord(raw.asset) ? raw.asset : null;
    return {
      vulnerabilityId: raw.vulnerabilityId,
      aliases: Array.isArray(raw.aliases)
        ? raw.aliases.filter((alias): alias is string => typeof alias === 'string')
        : [],
      asset: asset
        ? {
            ...(typeof asset.id === 'string' ? { id: asset.id } : {}),
            ...(typeof asset.hostname === 'string' ? { hostname: asset.hostname } : {}),
            ...(typeof asset.address === 'string' ? { address: asset.address } : {}),
          }
        : null,
      firstSeen: typeof raw.firstSeen === 'string' ? raw.firstSeen : null,
      published: typeof raw.published === 'string' ? raw.published : null,
      dueDate: typeof raw.dueDate === 'string' ? raw.dueDate : null,
      suppressed: isRecord(raw.suppression),
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
