/**
 * Windows host report: which OS build a host runs and which KB updates it has.
 *
 * Two inputs are accepted (documented in docs/inventory-windows.md-style terms here, since this
 * format is Ward's own):
 *
 * 1. CSV from `Get-HotFix | Export-Csv hotfix.csv` (columns HotFixID, InstalledOn, Description,
 *    CSName; others ignored; PowerShell 5's `#TYPE …` first line is skipped). Because Get-HotFix
 *    does not say which OS the host runs, Ward reads optional comment lines before the header:
 *
 *        # os: Windows Server 2016 build 14393
 *        # host: WEB01                      (only needed when the CSV has no CSName column)
 *
 * 2. JSON: `Get-ComputerInfo | ConvertTo-Json` as is (CsName, OsName, OsBuildNumber,
 *    OsHotFixes[].HotFixID), or Ward's small form `{ "hostname", "os", "build", "hotfixes": [
 *    "KB5034119", … ] }`, or an array of either (one element per host).
 *
 * Each host becomes one component: ecosystem 'Windows', name = the product (`Windows Server
 * 2016`), version = the build, cpe = the NVD product CPE, installedKbs = digits of the KBs,
 * asset = the host.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import { arrayField, assertTextInput, isRecord, parseJsonDocument, stringField } from './sbom-common.js';
import type { AssetRef, Component, InventoryParser, InventoryResult } from './types.js';

/** NVD product for a Windows product name; checked in order, most specific first. */
const NVD_PRODUCTS: ReadonlyArray<{ contains: string; product: string; version: string }> = [
  { contains: 'server 2025', product: 'windows_server_2025', version: '-' },
  { contains: 'server 2022', product: 'windows_server_2022', version: '-' },
  { contains: 'server 2019', product: 'windows_server_2019', version: '-' },
  { contains: 'server 2016', product: 'windows_server_2016', version: '-' },
  // NVD writes 2012 R2 and 2008 R2 as version `r2` of the base product.
  { contains: 'server 2012 r2', product: 'windows_server_2012', version: 'r2' },
  { contains: 'server 2012', product: 'windows_server_2012', version: '-' },
  { contains: 'server 2008 r2', product: 'windows_server_2008', version: 'r2' },
  { contains: 'server 2008', product: 'windows_server_2008', version: '-' },
  { contains: 'server 2003', product: 'windows_server_2003', version: '-' },
  { contains: 'windows 11', product: 'windows_11', version: '-' },
  { contains: 'windows 10', product: 'windows_10', version: '-' },
  { contains: 'windows 8.1', product: 'windows_8.1', version: '-' },
  { contains: 'windows 7', product: 'windows_7', version: '-' },
  { contains: 'windows vista', product: 'windows_vista', version: '-' },
  { contains: 'windows xp', product: 'windows_xp', version: '-' },
  { contains: 'windows 2000', product: 'windows_2000', version: '-' },
  { contains: 'windows nt', product: 'windows_nt', version: '-' },
];

const EDITIONS =
  /\s+(standard|datacenter|enterprise|professional|pro|home|education|essentials|web|foundation|evaluation|ltsc|ltsb|server core)\b.*$/i;

/** `Microsoft Windows Server 2016 Standard` → `Windows Server 2016`. */
export function windowsProductName(raw: string): string {
  // Trademark signs first: real OsName values read `Microsoft® Windows Server® 2008 …`.
  return raw
    .replace(/®|\(r\)|™/gi, '')
    .replace(/^microsoft\s+/i, '')
    .replace(EDITIONS, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * NVD splits Windows 10 and 11 into one product per feature release (`windows_10_1607`,
 * `windows_11_22h2`, as in CVE-2017-0144's configurations), which the OS build number tells
 * (Microsoft's release information pages list build ↔ version).
 */
const WINDOWS_CLIENT_RELEASES: Readonly<Record<string, string>> = {
  '10240': 'windows_10_1507',
  '10586': 'windows_10_1511',
  '14393': 'windows_10_1607',
  '15063': 'windows_10_1703',
  '16299': 'windows_10_1709',
  '17134': 'windows_10_1803',
  '17763': 'windows_10_1809',
  '18362': 'windows_10_1903',
  '18363': 'windows_10_1909',
  '19041': 'windows_10_2004',
  '19042': 'windows_10_20h2',
  '19043': 'windows_10_21h1',
  '19044': 'windows_10_21h2',
  '19045': 'windows_10_22h2',
  '22000': 'windows_11_21h2',
  '22621': 'windows_11_22h2',
  '22631': 'windows_11_23h2',
  '26100': 'windows_11_24h2',
};

/**
 * NVD CPE 2.3 for a Windows product name (and, for Windows 10/11, its build), or undefined when
 * the product is not in the table.
 */
export function windowsCpe(product: string, build?: string): string | undefined {
  const lower = product.toLowerCase();
  const entry = NVD_PRODUCTS.find((candidate) => lower.includes(candidate.contains));
  if (!entry) return undefined;
  // `10.0.19045.3803` or `19045`: the third component (or the number itself) is the build.
  const buildNumber = build ? (/^\d+\.\d+\.(\d+)/.exec(build)?.[1] ?? /^(\d+)/.exec(build)?.[1]) : undefined;
  const release = buildNumber ? WINDOWS_CLIENT_RELEASES[buildNumber] : undefined;
  const product23 =
    release &&
    (entry.product === 'windows_10' || entry.product === 'windows_11') &&
    release.startsWith(entry.product)
      ? release
      : entry.product;
  return `cpe:2.3:o:microsoft:${product23}:${entry.version}:*:*:*:*:*:*:*`;
}

/** `KB5034119` / `kb 5034119` / `5034119` → `5034119`; undefined when it is not a KB id. */
export function kbDigits(raw: string): string | undefined {
  return /^\s*(?:kb\s*)?(\d{5,8})\s*$/i.exec(raw)?.[1];
}

interface HostReport {
  hostname: string;
  os?: string;
  build?: string;
  kbs: string[];
  line?: number;
}

/** `Windows Server 2016 build 14393` / `… (10.0.14393)` → product and build. */
function splitOsLine(value: string): { os: string; build?: string } {
  const build =
    /\bbuild\s+([\d.]+)/i.exec(value)?.[1] ??
    /\(?\b(10\.0\.\d+(?:\.\d+)?|\d+\.\d+\.\d+)\)?\s*$/.exec(value)?.[1];
  const os = value
    .replace(/\bbuild\s+[\d.]+/i, '')
    .replace(/\(?\b\d+\.\d+\.\d+(?:\.\d+)?\)?\s*$/, '')
    .trim();
  return build ? { os, build } : { os };
}

function hostComponent(
  report: HostReport,
  path: string,
  problems: Problem[],
): { component: Component; asset: AssetRef } {
  const asset: AssetRef = { id: report.hostname, hostname: report.hostname };
  const location = report.line === undefined ? { file: path } : { file: path, line: report.line };
  const product = report.os ? windowsProductName(report.os) : 'Windows';
  const component: Component = {
    ecosystem: 'Windows',
    name: product,
    version: report.build ?? '',
    location,
    asset,
    installedKbs: [...new Set(report.kbs)].sort(),
  };
  const cpe = report.os ? windowsCpe(product, report.build) : undefined;
  if (cpe) component.cpe = cpe;
  if (!report.os) {
    problems.push({
      ...location,
      message: `${report.hostname}: no OS product given (add '# os: Windows Server 2016 build 14393'); KB checks need it`,
      severity: 'warning',
    });
  } else if (!cpe) {
    problems.push({
      ...location,
      message: `${report.hostname}: no NVD CPE known for '${product}'`,
      severity: 'warning',
    });
  }
  if (report.os && !report.build) {
    problems.push({
      ...location,
      field: 'build',
      message: `${report.hostname}: no OS build given; build-based checks cannot run`,
      severity: 'warning',
    });
  }
  return { component, asset };
}

function parseHotfixCsv(text: string, path: string, problems: Problem[]): HostReport[] {
  const lines = text.split(/\r?\n/);
  let os: string | undefined;
  let build: string | undefined;
  let defaultHost: string | undefined;
  let start = 0;
  // Leading comment lines: Ward's `# key: value` header and PowerShell's `#TYPE …` line.
  while (
    start < lines.length &&
    ((lines[start] ?? '').trim().startsWith('#') || (lines[start] ?? '').trim() === '')
  ) {
    const comment = /^#\s*(os|host)\s*:\s*(.+)$/i.exec((lines[start] ?? '').trim());
    if (comment?.[1]?.toLowerCase() === 'os') ({ os, build } = splitOsLine(comment[2] ?? ''));
    else if (comment?.[1]?.toLowerCase() === 'host') defaultHost = (comment[2] ?? '').trim();
    start += 1;
  }
  let records: Record<string, string>[];
  try {
    records = parseCsv(lines.slice(start).join('\n'), {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (error) {
    const csvLine = (error as { lines?: number }).lines;
    const line = csvLine === undefined ? undefined : csvLine + start;
    throw new WardError('input.invalid', `expected Get-HotFix CSV, got ${(error as Error).message}`, {
      file: path,
      ...(line === undefined ? {} : { line }),
      cause: error,
    });
  }
  const headerLine = start + 1;
  if (records.length > 0 && !Object.hasOwn(records[0] ?? {}, 'HotFixID')) {
    throw new WardError(
      'input.invalid',
      `expected a HotFixID column, got columns ${Object.keys(records[0] ?? {}).join(', ')}`,
      {
        file: path,
        line: headerLine,
      },
    );
  }
  const hosts = new Map<string, HostReport>();
  records.forEach((record, index) => {
    const line = headerLine + index + 1;
    const hostname = record.CSName || record.PSComputerName || defaultHost;
    if (!hostname) {
      problems.push({
        file: path,
        line,
        field: 'CSName',
        message: 'row has no CSName and no "# host:" header; skipped',
        severity: 'error',
      });
      return;
    }
    let host = hosts.get(hostname);
    if (!host) {
      host = { hostname, kbs: [], line };
      if (os) host.os = os;
      if (build) host.build = build;
      hosts.set(hostname, host);
    }
    const kb = kbDigits(record.HotFixID ?? '');
    if (kb) host.kbs.push(kb);
    else
      problems.push({
        file: path,
        line,
        field: 'HotFixID',
        message: `'${record.HotFixID ?? ''}' is not a KB id; skipped`,
        severity: 'warning',
      });
  });
  if (hosts.size === 0 && defaultHost) {
    const host: HostReport = { hostname: defaultHost, kbs: [] };
    if (os) host.os = os;
    if (build) host.build = build;
    hosts.set(defaultHost, host);
  }
  return [...hosts.values()];
}

function hostFromJson(
  value: unknown,
  field: string,
  path: string,
  problems: Problem[],
): HostReport | undefined {
  if (!isRecord(value)) {
    problems.push({
      file: path,
      field,
      message: 'expected a host report object; skipped',
      severity: 'error',
    });
    return undefined;
  }
  const hostname =
    stringField(value, 'hostname') ??
    stringField(value, 'CsName') ??
    stringField(value, 'CSName') ??
    stringField(value, 'CsDNSHostName');
  if (!hostname) {
    problems.push({
      file: path,
      field,
      message: 'host report has no hostname (hostname / CsName); skipped',
      severity: 'error',
    });
    return undefined;
  }
  const rawOs =
    stringField(value, 'os') ?? stringField(value, 'OsName') ?? stringField(value, 'WindowsProductName');
  const split = rawOs ? splitOsLine(rawOs) : undefined;
  const build = stringField(value, 'build') ?? stringField(value, 'OsBuildNumber') ?? split?.build;
  const report: HostReport = { hostname, kbs: [] };
  if (split?.os) report.os = split.os;
  if (build) report.build = build;
  const fixes = [...arrayField(value, 'hotfixes'), ...arrayField(value, 'OsHotFixes')];
  fixes.forEach((fix, index) => {
    const raw = typeof fix === 'string' ? fix : isRecord(fix) ? stringField(fix, 'HotFixID') : undefined;
    const kb = raw === undefined ? undefined : kbDigits(raw);
    if (kb) report.kbs.push(kb);
    else
      problems.push({
        file: path,
        field: `${field}.hotfixes[${index}]`,
        message: `'${raw ?? JSON.stringify(fix)}' is not a KB id; skipped`,
        severity: 'warning',
      });
  });
  return report;
}

export function parseWindowsHotfix(text: string, path: string): InventoryResult {
  assertTextInput(text, path, 'Windows host report');
  const problems: Problem[] = [];
  let reports: HostReport[];
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const doc = parseJsonDocument(text.replace(/^\uFEFF/, ''), path, 'Windows host report');
    const items = Array.isArray(doc) ? doc : [doc];
    reports = items.flatMap(
      (item, index) => hostFromJson(item, Array.isArray(doc) ? `[${index}]` : '', path, problems) ?? [],
    );
  } else {
    reports = parseHotfixCsv(text, path, problems);
  }
  if (reports.length === 0) {
    throw new WardError('input.invalid', 'expected a Windows host report with at least one host, got none', {
      file: path,
      line: 1,
    });
  }
  const components: Component[] = [];
  const assets: AssetRef[] = [];
  for (const report of reports) {
    const { component, asset } = hostComponent(report, path, problems);
    components.push(component);
    assets.push(asset);
  }
  return { parser: 'windows-hotfix', components, problems, assets };
}

export const windowsHotfixParser: InventoryParser = {
  id: 'windows-hotfix',
  description: 'Windows host report (Get-HotFix CSV with "# os:" header, or Get-ComputerInfo JSON)',
  matches(path: string, head: string): boolean {
    const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
    if (base.endsWith('.csv')) return /(^|[",])HotFixID([",]|$)/m.test(head);
    if (base.endsWith('.json'))
      return /"(OsHotFixes|hotfixes)"\s*:/.test(head) && /"(CsName|hostname)"\s*:/.test(head);
    return false;
  },
  parse: parseWindowsHotfix,
};
