/**
 * Nmap XML output (`nmap -sV -oX`; https://nmap.org/book/output-formats-xml-output.html).
 * Every host that is up becomes an asset; every open port with an identified service becomes a
 * 'CPE' component on that asset, its CPE renamed to NVD's vendor:product through the alias
 * table (see nmap-aliases.ts). The host's best OS match, when Nmap is confident, is one more
 * component. Parsed with fast-xml-parser, entity processing off (no XXE, no entity expansion).
 */
import { XMLParser } from 'fast-xml-parser';
import { formatCpeFs, parseCpe, parseCpeFs, type Wfn } from '../core/cpe.js';
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import { decodeXmlText } from './cyclonedx-xml.js';
import { parseUntrustedXml } from './lockfile-support.js';
import { loadNmapAliases, type NmapAlias, type NmapAliasTable } from './nmap-aliases.js';
import { assertTextInput, isRecord, LineIndex } from './sbom-common.js';
import type { AssetRef, Component, InventoryParser, InventoryResult } from './types.js';

const ARRAY_TAGS = new Set(['host', 'address', 'hostname', 'port', 'cpe', 'osmatch', 'osclass']);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name, _jPath, _isLeaf, isAttribute) => !isAttribute && ARRAY_TAGS.has(name),
});

/** OS matches below this accuracy (Nmap's percentage) are reported, not inventoried. */
const OS_ACCURACY_FLOOR = 90;

function list(value: unknown): Record<string, unknown>[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(isRecord);
}

function attr(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record && Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'string' && value !== '' ? decodeXmlText(value) : undefined;
}

function texts(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((item) => {
    if (typeof item === 'string') return [decodeXmlText(item)];
    if (isRecord(item) && typeof item['#text'] === 'string') return [decodeXmlText(item['#text'])];
    return [];
  });
}

/** WFN string value (backslash-quoted) → the plain text it stands for; undefined for ANY/NA. */
function plain(value: Wfn[keyof Wfn]): string | undefined {
  return typeof value === 'string' ? value.replace(/\\(.)/g, '$1') : undefined;
}

/**
 * Plain text → a formatted-string value: `.`, `-`, `_` and alphanumerics as is, other printable
 * ASCII quoted, whitespace and anything outside printable ASCII (which CPE cannot carry) as '_'.
 */
function fsValue(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\x21-\x7e]+/g, '_')
    .replace(/[^a-z0-9._-]/g, (char) => `\\${char}`);
}

// Nmap prints ranges and wildcards where it could not pin a version: `3.X - 4.X`, `2.6.X`.
function isConcreteVersion(version: string): boolean {
  return version !== '' && !/[xX*]|\s-\s|\sor\s/.test(version);
}

interface ServiceIdentity {
  part: string;
  vendor: string;
  product: string;
  version: string;
  update?: string;
  alias?: NmapAlias;
}

/** Picks the NVD identity of one service from its Nmap CPEs and product string. */
function identifyService(
  product: string | undefined,
  serviceVersion: string | undefined,
  cpes: Wfn[],
  aliases: NmapAliasTable,
): ServiceIdentity | undefined {
  const triples = cpes.map((wfn) => ({
    wfn,
    key: `${plain(wfn.part)}:${plain(wfn.vendor)}:${plain(wfn.product)}`.toLowerCase(),
  }));
  const byCpe = triples.find((triple) => aliases.byCpe.has(triple.key));
  const alias = byCpe
    ? aliases.byCpe.get(byCpe.key)
    : product
      ? aliases.byProduct.get(product.toLowerCase())
      : undefined;
  // The CPE that carries the version for this service: the aliased one, else an application CPE.
  const source =
    byCpe?.wfn ?? triples.find((triple) => plain(triple.wfn.part) === 'a')?.wfn ?? triples[0]?.wfn;
  const cpeVersion = source ? plain(source.version) : undefined;
  const cpeUpdate = source ? plain(source.update) : undefined;
  let identity: ServiceIdentity;
  if (alias) {
    const version =
      alias.version === 'none'
        ? undefined
        : alias.version === 'cpe'
          ? cpeVersion
          : (serviceVersion ?? cpeVersion);
    identity = { ...alias.nvd, version: version ?? '', alias };
    // Generic "Windows" (RPC/SMB): a specific Windows CPE that Nmap attached is better.
    if (alias.nvd.product === 'windows') {
      const specific = triples.find((triple) => /^o:microsoft:windows_/.test(triple.key));
      if (specific) {
        identity.product = plain(specific.wfn.product) ?? identity.product;
        identity.version = plain(specific.wfn.version) ?? '';
      }
    }
  } else if (source) {
    identity = {
      part: plain(source.part) ?? 'a',
      vendor: plain(source.vendor) ?? '',
      product: plain(source.product) ?? '',
      version: serviceVersion ?? cpeVersion ?? '',
    };
  } else {
    return undefined;
  }
  if (cpeUpdate && identity.version === cpeVersion) identity.update = cpeUpdate;
  return identity;
}

function formatIdentity(identity: ServiceIdentity, concrete: boolean): string {
  const version = concrete ? fsValue(identity.version) : '*';
  const update = identity.update ? fsValue(identity.update) : '*';
  // Round-trip through core/cpe so the output is a canonical, valid formatted string.
  return formatCpeFs(
    parseCpeFs(
      `cpe:2.3:${identity.part}:${fsValue(identity.vendor)}:${fsValue(identity.product)}:${version}:${update}:*:*:*:*:*:*`,
    ),
  );
}

/** `vendor:product` of an OS CPE, lowercased, for folding port services into the host's OS. */
function osProductKey(cpe: string): string {
  const wfn = parseCpe(cpe);
  return `${plain(wfn.vendor) ?? ''}:${plain(wfn.product) ?? ''}`.toLowerCase();
}

/** Offsets of `<host …>` and `<port …>` start tags, in document order, for line numbers. */
function tagLines(source: string, tag: string): number[] {
  const index = new LineIndex(source);
  const pattern = new RegExp(`<${tag}[\\s>/]`, 'g');
  return [...source.matchAll(pattern)].map((match) => index.lineAt(match.index));
}

export function parseNmapXml(
  source: string,
  path: string,
  aliases: NmapAliasTable = loadNmapAliases(),
): InventoryResult {
  assertTextInput(source, path, 'Nmap XML');
  if (source.trim() === '')
    throw new WardError('input.invalid', 'expected Nmap XML output, got an empty file', {
      file: path,
      line: 1,
    });
  const parsed = parseUntrustedXml(xmlParser, source, path, 'Nmap XML', ' (truncated scan?)');
  const run = isRecord(parsed) ? parsed.nmaprun : undefined;
  if (!isRecord(run)) {
    throw new WardError('input.invalid', 'expected an <nmaprun> root element (nmap -oX output)', {
      file: path,
      line: 1,
    });
  }
  const hostLines = tagLines(source, 'host');
  const portLines = tagLines(source, 'port');
  let hostCursor = 0;
  let portCursor = 0;
  const problems: Problem[] = [];
  const components: Component[] = [];
  const assets: AssetRef[] = [];
  for (const host of list(run.host)) {
    const hostLine = hostLines[hostCursor++];
    const hostPorts = isRecord(host.ports) ? list(host.ports.port) : [];
    const firstPortLine = portCursor;
    portCursor += hostPorts.length;
    const state = attr(isRecord(host.status) ? host.status : undefined, 'state');
    if (state !== undefined && state !== 'up') continue;
    const addresses = list(host.address);
    const ip = addresses.find((address) => attr(address, 'addrtype') !== 'mac') ?? addresses[0];
    const address = attr(ip, 'addr');
    const names = isRecord(host.hostnames) ? list(host.hostnames.hostname) : [];
    const hostname = attr(names.find((name) => attr(name, 'type') === 'user') ?? names[0], 'name');
    const id = hostname ?? address;
    const hostLocation = hostLine === undefined ? { file: path } : { file: path, line: hostLine };
    if (!id) {
      problems.push({
        ...hostLocation,
        message: 'host has no address or hostname; skipped',
        severity: 'error',
      });
      continue;
    }
    const asset: AssetRef = { id };
    if (hostname) asset.hostname = hostname;
    if (address) asset.address = address;
    assets.push(asset);

    // Nmap lists OS matches best first; one confident match becomes the host's OS component
    // (pushed after the ports, read first so port services that name the same OS fold into it).
    let osComponent: Component | undefined;
    const osMatch = isRecord(host.os) ? list(host.os.osmatch)[0] : undefined;
    if (osMatch) {
      const accuracy = Number(attr(osMatch, 'accuracy') ?? '0');
      const osCpes = list(osMatch.osclass).flatMap((osClass) => texts(osClass.cpe));
      const osName = attr(osMatch, 'name') ?? 'unknown OS';
      if (accuracy < OS_ACCURACY_FLOOR) {
        problems.push({
          ...hostLocation,
          message: `${id}: OS guess '${osName}' is only ${accuracy}% accurate; not inventoried`,
          severity: 'warning',
        });
      } else if (osCpes[0]) {
        try {
          const wfn = parseCpe(osCpes[0]);
          osComponent = {
            ecosystem: 'CPE',
            name: osName,
            version: plain(wfn.version) ?? '',
            cpe: formatCpeFs(wfn),
            location: hostLocation,
            asset,
          };
        } catch {
          problems.push({
            ...hostLocation,
            field: 'cpe',
            message: `${id}: OS CPE '${osCpes[0]}' is not a valid CPE; ignored`,
            severity: 'warning',
          });
        }
      }
    }
    // Services that only name the host's operating system (SMB `o:microsoft:windows_2000`, RPC
    // `o:microsoft:windows`) are one product per host, not one per port: the first port keeps it,
    // later ports naming the same OS product, or the product of the OS match, fold into it, so a
    // host's OS CVE is reported once.
    const osProducts = new Set<string>();
    if (osComponent?.cpe) osProducts.add(osProductKey(osComponent.cpe));

    hostPorts.forEach((port, index) => {
      const line = portLines[firstPortLine + index];
      const location = line === undefined ? { file: path } : { file: path, line };
      const portState = attr(isRecord(port.state) ? port.state : undefined, 'state');
      if (portState !== 'open') return;
      const protocol = attr(port, 'protocol') ?? 'tcp';
      const portNumber = Number(attr(port, 'portid'));
      const where = `${id} ${portNumber}/${protocol}`;
      const service = isRecord(port.service) ? port.service : undefined;
      const product = attr(service, 'product');
      const serviceName = attr(service, 'name');
      const cpes: Wfn[] = [];
      for (const text of texts(service?.cpe)) {
        try {
          cpes.push(parseCpe(text));
        } catch {
          problems.push({
            ...location,
            field: 'cpe',
            message: `${where}: Nmap CPE '${text}' is not a valid CPE; ignored`,
            severity: 'warning',
          });
        }
      }
      if (!product && cpes.length === 0) {
        problems.push({
          ...location,
          message: `${where}: open, but no product identified (service '${serviceName ?? 'unknown'}'${attr(service, 'method') === 'table' ? ', guessed from the port number' : ''}); not inventoried`,
          severity: 'warning',
        });
        return;
      }
      const serviceAsset: AssetRef = { ...asset, port: portNumber, protocol };
      const identity = identifyService(product, attr(service, 'version'), cpes, aliases);
      const name = product ?? serviceName ?? 'unknown';
      if (!identity) {
        components.push({
          ecosystem: 'CPE',
          name,
          version: attr(service, 'version') ?? '',
          location,
          asset: serviceAsset,
        });
        problems.push({
          ...location,
          message: `${where}: '${name}' has no CPE and no alias; cannot be matched`,
          severity: 'warning',
        });
        return;
      }
      if (identity.part === 'o') {
        const key = `${identity.vendor}:${identity.product}`.toLowerCase();
        if (osProducts.has(key)) return;
        osProducts.add(key);
      }
      const concrete = isConcreteVersion(identity.version);
      const component: Component = {
        ecosystem: 'CPE',
        name,
        version: concrete ? identity.version : '',
        cpe: formatIdentity(identity, concrete),
        location,
        asset: serviceAsset,
      };
      components.push(component);
      if (!concrete) {
        problems.push({
          ...location,
          field: 'version',
          message: `${where}: '${name}' ${identity.version ? `version '${identity.version}' is not a single version` : 'has no version'}; it cannot be checked against version ranges`,
          severity: 'warning',
        });
      }
    });

    if (osComponent) components.push(osComponent);
  }
  return { parser: 'nmap-xml', components, problems, assets };
}

export const nmapXmlParser: InventoryParser = {
  id: 'nmap-xml',
  description: 'Nmap scan, XML output (nmap -sV -oX)',
  matches(path: string, head: string): boolean {
    return path.toLowerCase().endsWith('.xml') && /<nmaprun[\s>]/.test(head);
  },
  parse: (text, path) => parseNmapXml(text, path),
};
