import { describe, expect, it } from 'vitest';
import { parseCvss, selectCvss, severityFor } from './cvss.js';

describe('src/prioritize/cvss', () => {
  it.each([
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', undefined, '2.0', 10],
    ['(AV:N/AC:L/Au:N/C:P/I:P/A:P)', undefined, '2.0', 7.5],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', undefined, '3.0', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', undefined, '3.1', 10],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', undefined, '4.0', 9.3],
    ['AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', '3.1', '3.1', 7.5],
  ] as const)('scores %s', (vector, hint, version, base) => {
    const parsed = parseCvss(vector, hint);

    expect(parsed.ok && parsed.score.version).toBe(version);
    expect(parsed.ok && parsed.score.baseScore).toBe(base);
  });

  it.each([
    ['garbage', 'no CVSS:x.y/ prefix'],
    ['CVSS:3.1/AV:N/AC:L', 'missing base metric(s) PR, UI, S, C, I, A'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:U/A:H', 'Unknown component value U'],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'metric AV given twice'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:Q', 'unknown metric(s) ZZ'],
    ['CVSS:7.5/CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H', 'unsupported CVSS version 7.5'],
  ])('refuses %s', (vector, reason) => {
    const parsed = parseCvss(vector);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });

  it('rates v2 with no critical band and v3 with one', () => {
    expect(severityFor('2.0', 10)).toBe('high');
    expect(severityFor('3.1', 9.0)).toBe('critical');
    expect(severityFor('3.1', 0)).toBe('none');
  });

  it('ranks by the newest CVSS version, then the highest score', () => {
    const { primary, invalid } = selectCvss([
      { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' },
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', source: 'vendor' },
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', source: 'nvd@nist.gov' },
      { type: 'CVSS_V3', score: 'CVSS:3.1/broken' },
    ]);

    expect(primary?.score.baseScore).toBe(9.8);
    expect(primary?.source).toBe('nvd@nist.gov');
    expect(invalid).toHaveLength(1);
  });
});
