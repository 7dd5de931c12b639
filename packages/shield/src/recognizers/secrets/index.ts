/**
 * The SECRET family (one recognizer per rule, so the analyzer's keyword index only runs
 * the rules whose keywords occur) and URL_CREDENTIALS.
 */
import type { Recognizer } from '../../types.ts';
import { aiRules } from './ai.ts';
import { chatRules } from './chat.ts';
import { cloudRules } from './cloud.ts';
import { genericApiKeyRecognizer } from './generic.ts';
import { headerRecognizers } from './headers.ts';
import { kubernetesSecretRecognizer } from './kubernetes.ts';
import { passwordAssignmentRecognizer } from './passwords.ts';
import { paymentRules } from './payment.ts';
import { privateKeyRules } from './private-keys.ts';
import { ruleRecognizer, type SecretRule } from './rule.ts';
import { saasRules } from './saas.ts';
import { urlCredentialsRecognizer } from './url-credentials.ts';
import { vcsRules } from './vcs.ts';

export const secretRules: readonly SecretRule[] = [
  ...cloudRules,
  ...vcsRules,
  ...paymentRules,
  ...chatRules,
  ...aiRules,
  ...saasRules,
  ...privateKeyRules,
];

export function secretRecognizers(): Recognizer[] {
  return [
    ...secretRules.map(ruleRecognizer),
    ...headerRecognizers,
    kubernetesSecretRecognizer,
    genericApiKeyRecognizer,
    passwordAssignmentRecognizer,
    urlCredentialsRecognizer,
  ];
}
