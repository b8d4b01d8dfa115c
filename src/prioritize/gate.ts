/**
 * The CI gate of `ward scan --policy FILE`: a run fails when any open finding matches any of the
 * policy's gate rules. Suppressed findings (not affected, false positive, fixed, accepted) never fail it.
 */
import { matchesCondition, type Policy } from './policy.js';
import { type PrioritizedFinding, policyFacts } from './prioritize.js';

export interface GateResult {
  failed: boolean;
  /** One line per (rule, finding) that failed the run. */
  reasons: string[];
  /** Findings checked (open ones) and skipped (suppressed by triage). */
  checked: number;
  suppressed: number;
}

export function evaluatePolicyGate(findings: readonly PrioritizedFinding[], policy: Policy): GateResult {
  const reasons: string[] = [];
  let checked = 0;
  let suppressed = 0;
  for (const finding of findings) {
    if (finding.triage.suppressed) {
      suppressed++;
      continue;
    }
    checked++;
    const facts = policyFacts(finding);
    for (const rule of policy.gate) {
      if (!matchesCondition(rule.when, facts)) continue;
      const { name, version, asset } = finding.component;
      const component = `${name}${version ? `@${version}` : ''}${asset ? ` on ${asset.hostname ?? asset.id}` : ''}`;
      const due = finding.dueDate ? `, due ${finding.dueDate} (${finding.slaState})` : '';
      reasons.push(
        `policy '${policy.name}' gate '${rule.name}': ${finding.vulnerabilityId} in ${component} — priority ${finding.priority}, SSVC ${finding.ssvc.decision}${due}${rule.description ? ` — ${rule.description}` : ''}`,
      );
    }
  }
  return { failed: reasons.length > 0, reasons, checked, suppressed };
}
