/** gitleaks rule samples: case-level secret detection. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretCase, SecretDataset } from '../types.ts';
import { DATA_DIR } from './paths.ts';

export function loadGitleaks(): SecretDataset {
  const data = JSON.parse(readFileSync(join(DATA_DIR, 'gitleaks/cases.dev.json'), 'utf8')) as {
    cases: { rule: string; text: string; expected: 'secret' | 'not-secret'; other_rules_matching?: string[] }[];
  };
  const cases: SecretCase[] = data.cases.map((c, i) => {
    const forOther = c.expected === 'not-secret' && (c.other_rules_matching?.length ?? 0) > 0;
    return { id: `gitleaks-${i}`, text: c.text, rule: c.rule, isSecret: c.expected === 'secret' || forOther, secretForOtherRule: forOther };
  });
  const positives = cases.filter((c) => c.isSecret).length;
  return {
    kind: 'secrets',
    name: 'gitleaks',
    description: `gitleaks rule samples (${cases.length} cases: ${positives} secrets, ${cases.length - positives} true negatives)`,
    cases,
    notes: [
      'Case level: a case is detected when the detector reports SECRET or URL_CREDENTIALS anywhere in the text.',
      '"not-secret" cases with a non-empty other_rules_matching are secrets for another rule: counted as positives.',
      'Recall over positives; false-alarm rate over the true negatives (not-secret, no other rule matching).',
    ],
  };
}
