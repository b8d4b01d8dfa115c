/**
 * Where each public feed lives. Every base URL can be overridden (option or environment
 * variable), which is how mirrors, proxies and the tests' loopback servers are used.
 */
export type FeedId = 'osv' | 'nvd' | 'kev' | 'epss';

export const FEED_IDS: readonly FeedId[] = ['osv', 'nvd', 'kev', 'epss'];

export interface FeedEndpoints {
  /** OSV's public GCS bucket: `<base>/<ecosystem>/all.zip`, `…/modified_id.csv`, `…/<id>.json`. */
  osv: string;
  /** NVD CVE API 2.0 (https://nvd.nist.gov/developers/vulnerabilities). */
  nvd: string;
  /** CISA KEV catalog JSON. */
  kev: string;
  /** FIRST EPSS daily scores, gzip CSV. */
  epss: string;
}

export const DEFAULT_ENDPOINTS: Readonly<FeedEndpoints> = {
  osv: 'https://osv-vulnerabilities.storage.googleapis.com',
  nvd: 'https://services.nvd.nist.gov/rest/json/cves/2.0',
  kev: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
  epss: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
};

/** Environment variables overriding each endpoint (`WARD_OSV_URL`, …). */
export const ENDPOINT_ENV: Readonly<Record<FeedId, string>> = {
  osv: 'WARD_OSV_URL',
  nvd: 'WARD_NVD_URL',
  kev: 'WARD_KEV_URL',
  epss: 'WARD_EPSS_URL',
};

/** Defaults, then the environment, then explicit options (highest). */
export function resolveEndpoints(
  env: Readonly<Record<string, string | undefined>>,
  options: Partial<FeedEndpoints> = {},
): FeedEndpoints {
  const pick = (id: FeedId): string => {
    const value = options[id] ?? env[ENDPOINT_ENV[id]];
    return value !== undefined && value.trim() !== '' ? value.trim() : DEFAULT_ENDPOINTS[id];
  };
  return { osv: pick('osv'), nvd: pick('nvd'), kev: pick('kev'), epss: pick('epss') };
}
