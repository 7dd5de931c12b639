/**
 * Identifiers planted in requests: each a value the shield detects by itself (checked in
 * planted.test.ts, so a shield change shows up there first), in a sentence that gives it
 * its context. Values are synthetic (valid checksums, reserved ranges).
 */
export const PLANTED: { type: string; value: string; sentence: string }[] = [
  { type: 'PERSON', value: 'Jean Dupont', sentence: 'Bonjour, je suis Jean Dupont et je vous écris.' },
  { type: 'EMAIL', value: 'jean.dupont@exemple.fr', sentence: 'écrivez à jean.dupont@exemple.fr merci' },
  { type: 'PHONE', value: '06 12 34 56 78', sentence: 'appelez le 06 12 34 56 78 demain' },
  { type: 'IBAN', value: 'FR76 3000 6000 0112 3456 7890 189', sentence: 'IBAN FR76 3000 6000 0112 3456 7890 189 pour le virement' },
  { type: 'CREDIT_CARD', value: '4970 1012 3456 7893', sentence: 'carte bancaire 4970 1012 3456 7893 expire' },
  { type: 'FR_NIR', value: '1 85 05 78 006 084 91', sentence: 'mon numéro de sécurité sociale est 1 85 05 78 006 084 91' },
  { type: 'FR_SIRET', value: '732 829 320 00074', sentence: 'SIRET 732 829 320 00074' },
  { type: 'IP_ADDRESS', value: '192.168.12.34', sentence: 'le serveur 192.168.12.34 répond' },
  { type: 'URL_CREDENTIALS', value: 'https://admin:S3cretPass@intranet.exemple.fr/x', sentence: 'voir https://admin:S3cretPass@intranet.exemple.fr/x' },
  { type: 'ADDRESS', value: '12 rue de la Paix, 75002 Paris', sentence: 'habite au 12 rue de la Paix, 75002 Paris' },
  { type: 'DATE_OF_BIRTH', value: '12/03/1985', sentence: 'né le 12/03/1985 à Lyon' },
  { type: 'LICENSE_PLATE', value: 'AB-123-CD', sentence: 'immatriculation AB-123-CD' },
  { type: 'SECRET', value: 'Tr0ub4dor&3xyz', sentence: 'mot de passe : Tr0ub4dor&3xyz' },
];

/** The distinctive parts to search for in what the upstream received (a value may be re-spaced). */
export function leakProbes(value: string): string[] {
  const compact = value.replace(/[\s.]/g, '');
  return compact === value ? [value] : [value, compact];
}

export function assertNoLeak(received: string, values: readonly string[]): string[] {
  const leaked: string[] = [];
  for (const value of values) for (const probe of leakProbes(value)) if (received.includes(probe)) leaked.push(probe);
  return leaked;
}
