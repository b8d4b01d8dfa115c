/**
 * Measured outbreak figures overlaid on plots and used by the validation tests. Each row names its
 * source; the tags and full references are in worm-models.md (shared research notes, §2 and §3.5).
 * Times are seconds after the outbreak's onset (Code Red v2: 10:00 UTC 19 July 2001; Slammer:
 * 05:30 UTC 25 January 2003).
 */
import type { MeasuredPoint } from './types.js';

export const MEASURED: Readonly<Record<string, readonly MeasuredPoint[]>> = {
  'codered-v2-2001': [
    {
      t: 9 * 3600,
      infected: 250_000,
      label: 'CERT: over 250,000 hosts in 9 h',
      source: 'CERT via LinuxToday, Aug 2001 (worm-models.md S22)',
      kind: 'at-least',
    },
    {
      t: 14 * 3600,
      infected: 359_104,
      label: 'CAIDA: 359,104 unique IPs by 00:00 UTC 20 July (< 14 h)',
      source: 'Moore, Shannon & Brown, IMW 2002; CAIDA CRv2 analysis (worm-models.md S1, S2)',
      kind: 'value',
    },
  ],
  'slammer-2003': [
    {
      t: 10 * 60,
      infected: 67_500,
      label: 'over 90% of at least 75,000 hosts within 10 min',
      source: 'Moore et al., "Inside the Slammer Worm", IEEE S&P 1(4) 2003 (worm-models.md S7)',
      kind: 'at-least',
    },
  ],
};

/** Published headline figures the acceptance tests compare with. */
export const PUBLISHED = {
  coderedV2InfectedHosts: 359_104, // CAIDA, July 19–20 2001 [S1]
  coderedV2PeakPerMinuteAtLeast: 2_000, // "> 2,000 new hosts per minute" [S1]
  coderedV2StanifordKPerHour: 1.8, // Staniford's RCS fit, July 19 [S5]
  slammerDoublingSeconds: 8.5, // early doubling time [S7]
  slammerHosts: 75_000, // "at least 75,000" [S7]
  slammerNinetyPercentSeconds: 600, // "over 90% within 10 minutes" [S7]
} as const;
