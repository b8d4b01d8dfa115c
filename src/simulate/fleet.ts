/**
 * The fleet input: which of our hosts are vulnerable to the CVE, where they sit on the network and
 * whether the internet reaches them. Read from a JSON file today (`ward simulate fleet --fleet FILE`);
 * the store will later build the same shape from scan findings.
 *
 *   {
 *     "cve": "CVE-2001-0500",                      // optional, echoed in the output
 *     "hosts": [
 *       { "id": "web-01",                          // optional label
 *         "address": "203.0.113.10",               // IPv4; or "subnet": "10.1.2.0/24" (one is required)
 *         "internetFacing": true,                  // reachable from internet-wide scanning
 *         "vulnerable": true,                      // false = listed but not affected
 *         "patchLagHours": 48 }                    // optional: this host's usual time to patch
 *     ]
 *   }
 *
 * parseFleet is pure (text in, typed value out) and names the offending field in every error.
 */
import { WardError } from '../core/errors.js';

export interface FleetHost {
  id: string | null;
  /** IPv4 address (or subnet network address) as an unsigned 32-bit integer. */
  address: number;
  internetFacing: boolean;
  vulnerable: boolean;
  patchLagHours: number | null;
}

export interface Fleet {
  cve: string | null;
  hosts: FleetHost[];
}

const HOST_KEYS = new Set(['id', 'address', 'subnet', 'internetFacing', 'vulnerable', 'patchLagHours']);

export function parseFleet(text: string, file = '<fleet>'): Fleet {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new WardError(
      'input.invalid',
      `expected a JSON fleet document, got invalid JSON (${(error as Error).message})`,
      {
        file,
        cause: error,
      },
    );
  }
  return validateFleet(document, file);
}

/** Validates an already-parsed fleet document (the server will pass request bodies here). */
export function validateFleet(document: unknown, file = '<fleet>'): Fleet {
  if (!isRecord(document))
    throw invalid(file, '', `expected an object with "hosts", got ${describe(document)}`);
  const cve = document.cve;
  if (cve !== undefined && typeof cve !== 'string')
    throw invalid(file, 'cve', `expected a string, got ${describe(cve)}`);
  const hosts = document.hosts;
  if (!Array.isArray(hosts))
    throw invalid(file, 'hosts', `expected an array of hosts, got ${describe(hosts)}`);
  const parsed = hosts.map((host: unknown, index) => validateHost(host, `hosts[${index}]`, file));
  return { cve: typeof cve === 'string' ? cve : null, hosts: parsed };
}

function validateHost(host: unknown, path: string, file: string): FleetHost {
  if (!isRecord(host)) throw invalid(file, path, `expected an object, got ${describe(host)}`);
  for (const key of Object.keys(host)) {
    if (!HOST_KEYS.has(key))
      throw invalid(file, `${path}.${key}`, `unknown field (expected one of ${[...HOST_KEYS].join(', ')})`);
  }
  const id = host.id;
  if (id !== undefined && typeof id !== 'string')
    throw invalid(file, `${path}.id`, `expected a string, got ${describe(id)}`);
  let address: number | undefined;
  if (host.address !== undefined) {
    address = typeof host.address === 'string' ? parseIpv4(host.address) : undefined;
    if (address === undefined)
      throw invalid(
        file,
        `${path}.address`,
        `expected an IPv4 address like "192.0.2.10", got ${describe(host.address)}`,
      );
  }
  if (host.subnet !== undefined) {
    const network = typeof host.subnet === 'string' ? parseCidr(host.subnet) : undefined;
    if (network === undefined)
      throw invalid(
        file,
        `${path}.subnet`,
        `expected an IPv4 CIDR like "10.1.2.0/24", got ${describe(host.subnet)}`,
      );
    if (address !== undefined && !inCidr(address, network)) {
      throw invalid(
        file,
        `${path}.address`,
        `expected an address inside subnet ${String(host.subnet)}, got ${String(host.address)}`,
      );
    }
    address ??= network.network;
  }
  if (address === undefined)
    throw invalid(file, `${path}.address`, 'expected "address" or "subnet", got neither');
  if (typeof host.internetFacing !== 'boolean') {
    throw invalid(
      file,
      `${path}.internetFacing`,
      `expected true or false, got ${describe(host.internetFacing)}`,
    );
  }
  if (typeof host.vulnerable !== 'boolean') {
    throw invalid(file, `${path}.vulnerable`, `expected true or false, got ${describe(host.vulnerable)}`);
  }
  const lag = host.patchLagHours;
  if (lag !== undefined && !(typeof lag === 'number' && Number.isFinite(lag) && lag >= 0)) {
    throw invalid(file, `${path}.patchLagHours`, `expected a number of hours >= 0, got ${describe(lag)}`);
  }
  return {
    id: typeof id === 'string' ? id : null,
    address,
    internetFacing: host.internetFacing,
    vulnerable: host.vulnerable,
    patchLagHours: typeof lag === 'number' ? lag : null,
  };
}

/** Dotted-quad IPv4 to uint32; undefined when malformed (no leading zeros, each octet 0–255). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

interface Cidr {
  network: number;
  prefix: number;
}

function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const base = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (base === undefined || !/^[0-9]{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  return { network: base - (base % size), prefix };
}

function inCidr(address: number, cidr: Cidr): boolean {
  const size = 2 ** (32 - cidr.prefix);
  return address - (address % size) === cidr.network;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function invalid(file: string, field: string, message: string): WardError {
  return new WardError('input.invalid', message, field ? { file, field } : { file });
}
