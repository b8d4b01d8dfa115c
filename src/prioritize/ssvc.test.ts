import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCvss } from './cvss.js';
import {
  type Automatable,
  automatableFromCvss,
  decideSsvc,
  deriveMissionWellBeing,
  type Exploitation,
  type MissionPrevalence,
  type MissionWellBeing,
  type PublicWellBeing,
  SSVC_CISA_TABLE,
  type SsvcDecision,
  type TechnicalImpact,
  technicalImpactFromCvss,
} from './ssvc.js';

const CSV = readFileSync(
  new URL('../../test/fixtures/prioritize/ssvc/cisa_coordinator_2_0_3.csv', import.meta.url),
  'utf8',
);

const reference = CSV.trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [row, e, a, t, m, outcome] = line.split(',') as [string, string, string, string, string, string];
    const exploitation = (e === 'public poc' ? 'poc' : e) as Exploitation;
    const decision = { track: 'Track', 'track*': 'Track*', attend: 'Attend', act: 'Act' }[
      outcome
    ] as SsvcDecision;
    return [
      Number(row),
      exploitation,
      a as Automatable,
      t as TechnicalImpact,
      m as MissionWellBeing,
      decision,
    ] as const;
  });

const TECHNICAL_IMPACT_CSV = readFileSync(
  new URL('../../test/fixtures/prioritize/ssvc/cvssv4_to_technical_impact_1_0_0.csv', import.meta.url),
  'utf8',
);
const LETTER: Record<string, string> = { none: 'N', low: 'L', high: 'H' };
const technicalImpactRows = TECHNICAL_IMPACT_CSV.trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [row, pr, vc, vi, impact] = line.split(',') as [string, string, string, string, string];
    const vector = `CVSS:4.0/AV:N/AC:L/AT:N/PR:${LETTER[pr]}/UI:N/VC:${LETTER[vc]}/VI:${LETTER[vi]}/VA:N/SC:N/SI:N/SA:N`;
    return [Number(row), vector, impact as TechnicalImpact] as const;
  });

function score(vector: string) {
  const parsed = parseCvss(vector);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.score;
}

describe('src/prioritize/ssvc', () => {
  it('has every one of the 36 paths of the CISA tree', () => {
    expect(reference).toHaveLength(36);
    expect(SSVC_CISA_TABLE).toHaveLength(36);
  });

  it.each(reference)(
    'row %i: %s / automatable %s / %s / %s → %s',
    (_row, exploitation, automatable, technicalImpact, missionWellBeing, decision) => {
      expect(decideSsvc({ exploitation, automatable, technicalImpact, missionWellBeing })).toBe(decision);
    },
  );

  it.each([
    ['minimal', 'minimal', 'low'],
    ['minimal', 'material', 'medium'],
    ['minimal', 'irreversible', 'high'],
    ['support', 'minimal', 'medium'],
    ['support', 'material', 'medium'],
    ['support', 'irreversible', 'high'],
    ['essential', 'minimal', 'high'],
    ['essential', 'material', 'high'],
    ['essential', 'irreversible', 'high'],
  ] as const)('mission prevalence %s × public well-being %s → %s', (prevalence, wellBeing, expected) => {
    expect(deriveMissionWellBeing(prevalence as MissionPrevalence, wellBeing as PublicWellBeing)).toBe(
      expected,
    );
  });

  it.each([
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 'yes'],
    ['AV:N/AC:M/Au:N/C:C/I:C/A:C', 'no'],
    ['AV:N/AC:L/Au:S/C:P/I:P/A:P', 'no'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'yes'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 'no'],
    ['CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'no'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'yes'],
    ['CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'no'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AU:N', 'no'],
  ])('Automatable of %s is %s', (vector, expected) => {
    expect(automatableFromCvss(score(vector)).value).toBe(expected);
  });

  it.each([
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 'total'],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 'partial'],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N', 'total'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N', 'total'],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:L/A:N', 'partial'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 'partial'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 'partial'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N', 'total'],
  ])('Technical Impact of %s is %s (CERT/CC CVSS mapping)', (vector, expected) => {
    expect(technicalImpactFromCvss(score(vector)).value).toBe(expected);
  });

  it("has all 27 rows of CERT/CC's CVSS v4 → Technical Impact mapping", () => {
    expect(technicalImpactRows).toHaveLength(27);
  });

  it.each(technicalImpactRows)('CERT/CC mapping row %i: %s → %s', (_row, vector, expected) => {
    expect(technicalImpactFromCvss(score(vector)).value).toBe(expected);
  });
});
