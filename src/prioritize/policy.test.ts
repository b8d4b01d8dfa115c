/**
 * Policies and SLAs with a fixed clock, one block per built-in regime (PCI DSS v4.0 6.3.3, CISA
 * BOD 22-01, Ward's default), plus risk-acceptance expiry and the CI gate.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../matching/types.js';
import { ASSETS_SCHEMA, parseAssets } from './assets.js';
import { evaluatePolicyGate } from './gate.js';
import {
  addToDate,
  BUILTIN_POLICIES,
  type BuiltinPolicyName,
  builtinPolicyUrl,
  evaluateSla,
  POLICY_SCHEMA,
  type Policy,
  type PolicyFacts,
  parsePolicy,
} from './policy.js';
import { prioritizeFinding } from './prioritize.js';
import type { TriageStatement } from './triage.js';

function builtin(name: BuiltinPolicyName): Policy {
  const url = builtinPolicyUrl(name);
  return parsePolicy(readFileSync(url, 'utf8'), url.pathname);
}

function facts(overrides: Partial<PolicyFacts> = {}): PolicyFacts {
  return {
    priority: 'medium',
    cvssSeverity: 'medium',
    ssvc: 'Track',
    kev: false,
    ransomware: false,
    environment: 'production',
    exposure: 'internal',
    criticality: 'medium',
    tags: [],
    ecosystem: 'npm',
    ...overrides,
  };
}

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('src/prioritize/policy', () => {
  it('every built-in policy file is valid and named after its file', () => {
    for (const name of BUILTIN_POLICIES) expect(builtin(name).name).toBe(name);
  });

  it('schemas/policy.schema.json and schemas/assets.schema.json are the schemas the code validates with', () => {
    const policyFile = JSON.parse(
      readFileSync(new URL('../../schemas/policy.schema.json', import.meta.url), 'utf8'),
    );
    const assetsFile = JSON.parse(
      readFileSync(new URL('../../schemas/assets.schema.json', import.meta.url), 'utf8'),
    );

    expect(policyFile).toEqual(JSON.parse(JSON.stringify(POLICY_SCHEMA)));
    expect(assetsFile).toEqual(JSON.parse(JSON.stringify(ASSETS_SCHEMA)));
  });

  it.each([
    ['2026-01-31', { months: 1 }, '2026-02-28'],
    ['2024-01-31', { months: 1 }, '2024-02-29'],
    ['2026-12-15', { months: 1 }, '2027-01-15'],
    ['2026-11-23', { days: 15 }, '2026-12-08'],
    ['2026-11-23', { months: 1, days: 1 }, '2026-12-24'],
  ])('%s + %o = %s', (date, delta, expected) => {
    expect(addToDate(date, delta)).toBe(expected);
  });

  describe('PCI DSS v4.0 6.3.3: critical/high within one month of release', () => {
    const pci = builtin('pci-dss-4.0');
    const input = {
      facts: facts({ priority: 'high' }),
      firstSeen: '2026-11-20T08:00:00Z',
      published: '2026-10-10T00:00:00Z',
    };

    it.each([
      ['2026-10-20', 'within'],
      ['2026-11-03', 'due-soon'],
      ['2026-11-10', 'due-soon'],
      ['2026-11-11', 'breached'],
    ] as const)('published 2026-10-10, high priority, on %s → %s', (today, state) => {
      const sla = evaluateSla(input, pci, at(today));

      expect(sla.dueDate).toBe('2026-11-10');
      expect(sla.slaState).toBe(state);
      expect(sla.reason).toContain('from publication 2026-10-10');
    });

    it('a critical CVSS on a low-priority asset is still due in one month', () => {
      const sla = evaluateSla(
        { ...input, facts: facts({ priority: 'low', cvssSeverity: 'critical' }) },
        pci,
        at('2026-10-20'),
      );

      expect(sla).toMatchObject({ dueDate: '2026-11-10', rule: 'critical-or-high-cvss' });
    });

    it('medium findings get no deadline from 6.3.3; without a publication date the clock starts at first seen', () => {
      expect(evaluateSla({ ...input, facts: facts() }, pci, at('2027-06-01')).slaState).toBe('no-sla');
      const { published: _published, ...unpublished } = input;
      expect(evaluateSla(unpublished, pci, at('2026-11-23')).dueDate).toBe('2026-12-20');
    });
  });

  describe('CISA BOD 22-01: KEV entries by their catalog due date', () => {
    const bod = builtin('cisa-bod-22-01');
    const kev = { facts: facts({ kev: true }), firstSeen: '2026-11-01T00:00:00Z', kevDueDate: '2026-12-01' };

    it.each([
      ['2026-11-23', 'within'],
      ['2026-11-24', 'due-soon'],
      ['2026-12-01', 'due-soon'],
      ['2026-12-02', 'breached'],
    ] as const)('KEV due 2026-12-01, on %s → %s', (today, state) => {
      const sla = evaluateSla(kev, bod, at(today));

      expect(sla).toMatchObject({ dueDate: '2026-12-01', slaState: state, rule: 'kev' });
    });

    it('sets no deadline outside the catalog', () => {
      expect(
        evaluateSla(
          { facts: facts({ priority: 'critical' }), firstSeen: '2026-01-01T00:00:00Z' },
          bod,
          at('2027-01-01'),
        ).slaState,
      ).toBe('no-sla');
    });
  });

  describe('Ward default (an organisation policy)', () => {
    const org = builtin('ward-default');

    it.each([
      ['critical', '2026-11-16'],
      ['high', '2026-12-01'],
      ['medium', '2027-01-30'],
      ['low', '2027-04-30'],
    ] as const)('%s priority first seen 2026-11-01 is due %s', (priority, due) => {
      expect(
        evaluateSla({ facts: facts({ priority }), firstSeen: '2026-11-01T09:00:00Z' }, org, at('2026-11-02'))
          .dueDate,
      ).toBe(due);
    });

    it('KEV: the earlier of 14 days and CISA’s due date', () => {
      const early = evaluateSla(
        { facts: facts({ kev: true }), firstSeen: '2026-11-01T00:00:00Z', kevDueDate: '2026-11-05' },
        org,
        at('2026-11-02'),
      );
      const late = evaluateSla(
        { facts: facts({ kev: true }), firstSeen: '2026-11-01T00:00:00Z', kevDueDate: '2027-03-01' },
        org,
        at('2026-11-02'),
      );

      expect(early.dueDate).toBe('2026-11-05');
      expect(late.dueDate).toBe('2026-11-15');
    });
  });

  describe('risk acceptance expiry', () => {
    const org = builtin('ward-default');
    const finding: Finding = {
      component: {
        ecosystem: 'npm',
        name: 'lodash',
        version: '4.17.15',
        purl: 'pkg:npm/lodash@4.17.15',
        location: { file: 'package-lock.json' },
      },
      vulnerabilityId: 'CVE-2020-8203',
      aliases: ['GHSA-p6mc-m468-83gw'],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' }],
      fixedVersions: ['4.17.19'],
      evidence: [],
      weaknesses: [],
      references: [],
    };
    const acceptance: TriageStatement = {
      vulnerabilityId: 'GHSA-p6mc-m468-83gw',
      products: ['pkg:npm/lodash'],
      status: 'risk-accepted',
      detail: 'only server-side templates, no user input reaches zipObjectDeep',
      approver: 'ciso@example.com',
      expires: '2026-12-31T00:00:00Z',
      timestamp: '2026-11-01T00:00:00Z',
      source: 'manual',
    };
    const records = [
      {
        key: 'CVE-2020-8203|pkg:npm/lodash|',
        vulnerabilityId: 'CVE-2020-8203',
        firstSeen: '2026-10-01T00:00:00Z',
        lastSeen: '2026-11-01T00:00:00Z',
      },
    ];

    it('while accepted the finding is suppressed, exempt from the SLA and from the gate', () => {
      const result = prioritizeFinding(finding, {
        policy: org,
        now: at('2026-12-15'),
        triage: { statements: [acceptance], records },
      });

      expect(result.triage).toMatchObject({ status: 'risk-accepted', suppressed: true });
      expect(result.triage.reason).toContain('approved by ciso@example.com until 2026-12-31');
      expect(result.slaState).toBe('exempt');
      expect(evaluatePolicyGate([result], { ...org, gate: [{ name: 'any', when: {} }] }).failed).toBe(false);
    });

    it('after expiry it re-opens, keeps its first-seen date and is breached', () => {
      const result = prioritizeFinding(finding, {
        policy: org,
        now: at('2027-01-02'),
        triage: { statements: [acceptance], records },
      });

      expect(result.triage).toMatchObject({ status: 'open', suppressed: false });
      expect(result.triage.reason).toContain('expired 2026-12-31');
      expect(result.firstSeen).toBe('2026-10-01T00:00:00Z');
      expect(result.dueDate).toBe('2026-12-30');
      expect(result.slaState).toBe('breached');
      expect(result.explanation.find((item) => item.input === 'triage')?.value).toContain('open again');
    });
  });

  it('the gate fails on a breached critical/high finding and names it', () => {
    const org = builtin('ward-default');
    const finding: Finding = {
      component: {
        ecosystem: 'PyPI',
        name: 'django',
        version: '2.2.13',
        purl: 'pkg:pypi/django@2.2.13',
        location: { file: 'requirements.txt', line: 4 },
      },
      vulnerabilityId: 'CVE-2021-35042',
      aliases: [],
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      fixedVersions: ['2.2.24'],
      evidence: [],
      weaknesses: [],
      references: [],
    };
    const records = [
      {
        key: 'CVE-2021-35042|pkg:pypi/django|',
        vulnerabilityId: 'CVE-2021-35042',
        firstSeen: '2026-01-01T00:00:00Z',
        lastSeen: '2026-01-01T00:00:00Z',
      },
    ];

    const assets = parseAssets('default: { criticality: critical, exposure: internet }\n', 'assets.yaml');

    const result = prioritizeFinding(finding, {
      assets,
      policy: org,
      now: at('2026-11-23'),
      triage: { records },
    });
    const gate = evaluatePolicyGate([result], org);

    expect(result.priority).toBe('high');
    expect(result.slaState).toBe('breached');
    expect(gate.failed).toBe(true);
    expect(gate.reasons[0]).toContain("gate 'breached-critical-high': CVE-2021-35042 in django@2.2.13");
  });

  it.each([
    [
      'name: x\nrules:\n  - name: r\n    when: {}\n    dueIn: { weeks: 2 }\n',
      5,
      'rules[0].dueIn',
      "unknown field 'weeks'",
    ],
    [
      'name: x\nrules:\n  - name: r\n    when: { priority: [urgent] }\n',
      4,
      'rules[0].when.priority[0]',
      'expected one of "critical", "high", "medium", "low"',
    ],
    ['name: x\nrules: []\ngate:\n  - when: {}\n', 4, 'gate[0]', "missing required field 'name'"],
    ['name: Bad Name\nrules: []\n', 1, 'name', 'must match pattern'],
  ])('rejects an invalid policy with file, line and field (%#)', (text, line, field, message) => {
    let caught: unknown;
    try {
      parsePolicy(text, 'policy.yaml');
    } catch (error) {
      caught = error;
    }

    expect(caught).toMatchObject({ code: 'input.invalid', file: 'policy.yaml', line, field });
    expect((caught as Error).message).toContain(message);
  });

  it('reads JSON policies too', () => {
    const policy = parsePolicy(
      '{"name":"json-one","rules":[{"name":"all","when":{},"dueIn":{"days":1}}]}',
      'p.json',
    );

    expect(policy).toMatchObject({ clockStart: 'first-seen', dueSoonDays: 7, gate: [] });
  });

  it('reads an assets file with defaults filled in', () => {
    const inventory = parseAssets('default: { exposure: internet }\nassets:\n  - id: db\n', 'a.yaml');

    expect(inventory.assets[0]).toMatchObject({
      id: 'db',
      criticality: 'medium',
      environment: 'production',
      exposure: 'internal',
      tags: [],
    });
    expect(inventory.defaultAsset?.exposure).toBe('internet');
  });
});
