import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../analyzer.ts';
import type { RecognizerInput } from '../../types.ts';
import { secretRecognizers, secretRules } from './index.ts';
import { ruleRecognizer } from './rule.ts';
import { ALNUM, findSecrets, randomString as r } from './test-helpers.ts';

describe('secret family as a whole', () => {
  it('has a rule for each of the 200+ credential formats, each with keywords', () => {
    const recognizers = secretRecognizers();
    expect(secretRules.length).toBeGreaterThanOrEqual(200);
    for (const recognizer of recognizers) expect(recognizer.keywords?.length, recognizer.name).toBeGreaterThan(0);
    for (const rule of secretRules) {
      for (const keyword of rule.keywords) expect(keyword, rule.id).toBe(keyword.toLowerCase());
    }
  });

  it('finds nothing in ordinary French and English prose', () => {
    const prose = [
      "Objet : relance facture n° 2024-0158. Madame, nous vous prions de bien vouloir régler la somme de 1 250,00 € avant le 30 avril.",
      'Les clés du local seront remises au gardien ; le mot de passe du Wi-Fi invités est affiché à l’accueil.',
      'Le secrétariat transmettra le jeton de présence aux administrateurs lors du conseil du 12 mai.',
      'Please find attached the access policy and the API documentation; the token expires after 30 days.',
      'Our secret sauce is customer focus. The key takeaway: ship small, ship often.',
    ].join('\n');
    expect(findSecrets(prose)).toEqual([]);
  });

  it('finds nothing in ordinary code without secrets', () => {
    const code = [
      "import { createHash } from 'node:crypto';",
      'const apiUrl = process.env.API_URL;',
      'const token = await getToken(user.id);',
      'export function hashPassword(password: string): string {',
      "  return createHash('sha256').update(password).digest('hex');",
      '}',
      'const sessionKey = `session:${userId}`;',
      'headers["Authorization"] = `Bearer ${token}`;',
      'const secretName = "prod-db-credentials";',
      'git checkout 43fc912ef59a83054ea7f6706df4d53a7dea4d80',
    ].join('\n');
    expect(findSecrets(code)).toEqual([]);
  });

  it('a rule does not run when none of its keywords occurs', () => {
    const rule = secretRules.find((x) => x.id === 'github-pat')!;
    let calls = 0;
    const base = ruleRecognizer(rule);
    const spy = { ...base, find: (input: RecognizerInput) => (calls++, base.find(input)) };
    const analyzer = createAnalyzer({ recognizers: [spy] });
    analyzer.analyze('Nothing to see here, just a normal sentence.');
    expect(calls).toBe(0);
    const pat = `ghp_${r(ALNUM, 36, 1)}`;
    expect(analyzer.analyze(`token ${pat}`).map((e) => e.text)).toEqual([pat]);
    expect(calls).toBe(1);
  });

  it('every rule keyword really occurs in what the rule matches (pre-filter is safe)', () => {
    const pat = `ghp_${r(ALNUM, 36, 2)}`;
    for (const keyword of secretRules.find((x) => x.id === 'github-pat')!.keywords) expect(pat.toLowerCase()).toContain(keyword);
  });

  it('regexes stay fast on adversarial input (no catastrophic backtracking)', () => {
    const nasty = ['token = ' + 'a'.repeat(5000) + '!', 'curl -H "Authorization: Bearer ' + '='.repeat(3000), '-----BEGIN PRIVATE KEY-----' + ' '.repeat(5000)];
    for (const text of nasty) expect(() => findSecrets(text)).not.toThrow();
  });
});
