/**
 * Quick dev check of the SECRET / URL_CREDENTIALS recognizers on gitleaks' dev samples
 * (shared/data/gitleaks/cases.dev.json), plus a speed check on French prose without secrets.
 *
 *   npx tsx bench/src/eval/secrets-dev-check.ts [--verbose] [--all] [--data path]
 *
 * `--all` runs every default recognizer (all entity types) and keeps SECRET/URL_CREDENTIALS
 * afterwards, so overlaps with other families (a card number inside a token) are scored too.
 *
 * Scoring (see the data MANIFEST): a case counts as detected when any SECRET or
 * URL_CREDENTIALS entity is found in its text.
 * - recall: over `expected: secret` cases;
 * - false alarms: over `not-secret` cases with empty `other_rules_matching` (true negatives);
 * - `not-secret` cases that are secrets for another rule are reported apart, in neither figure.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createAnalyzer } from '../../../packages/shield/src/analyzer.ts';
import { defaultRecognizers } from '../../../packages/shield/src/recognizers/index.ts';
import { secretRecognizers } from '../../../packages/shield/src/recognizers/secrets/index.ts';

interface GitleaksCase {
  rule: string;
  text: string;
  expected: 'secret' | 'not-secret';
  generated: boolean;
  other_rules_matching?: string[];
}

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const dataIndex = args.indexOf('--data');
const dataPath = dataIndex >= 0 ? args[dataIndex + 1]! : '/work/shared/data/gitleaks/cases.dev.json';

const { cases } = JSON.parse(readFileSync(dataPath, 'utf8')) as { cases: GitleaksCase[] };
const allFamilies = args.includes('--all');
const recognizers = allFamilies ? defaultRecognizers() : secretRecognizers();
const analyzer = createAnalyzer({ recognizers });
const types = ['SECRET', 'URL_CREDENTIALS'] as const;

const show = (text: string) => JSON.stringify(text.length > 160 ? `${text.slice(0, 120)} … ${text.slice(-30)}` : text);

let positives = 0;
let hits = 0;
let negatives = 0;
let falseAlarms = 0;
let otherRule = 0;
let otherRuleDetected = 0;
let subtypeAgrees = 0;
const missesByRule = new Map<string, number>();
const misses: string[] = [];
const alarms: string[] = [];

for (const c of cases) {
  const found = allFamilies
    ? analyzer.analyze(c.text, { language: 'en' }).filter((e) => e.type === 'SECRET' || e.type === 'URL_CREDENTIALS')
    : analyzer.analyze(c.text, { entityTypes: types, language: 'en' });
  const detected = found.length > 0;
  if (c.expected === 'secret') {
    positives++;
    if (detected) {
      hits++;
      if (found.some((e) => e.subtype === c.rule)) subtypeAgrees++;
    } else {
      missesByRule.set(c.rule, (missesByRule.get(c.rule) ?? 0) + 1);
      misses.push(`${c.rule}${c.generated ? ' (generated)' : ''}: ${show(c.text)}`);
    }
  } else if (c.other_rules_matching && c.other_rules_matching.length > 0) {
    otherRule++;
    if (detected) otherRuleDetected++;
  } else {
    negatives++;
    if (detected) {
      falseAlarms++;
      const what = found.map((e) => `${e.subtype ?? e.type}=${show(e.text)}`).join(', ');
      alarms.push(`${c.rule}: ${show(c.text)} -> ${what}`);
    }
  }
}

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(2)}%`;
console.log(`recognizers: ${recognizers.length}, rule ids: ${new Set(recognizers.map((r) => r.name)).size}`);
console.log(`recall: ${hits}/${positives} = ${pct(hits, positives)}  (subtype = gitleaks rule on ${pct(subtypeAgrees, hits)} of hits)`);
console.log(`false alarms on true negatives: ${falseAlarms}/${negatives} = ${pct(falseAlarms, negatives)}`);
console.log(`secrets-for-another-rule cases detected: ${otherRuleDetected}/${otherRule}`);
console.log(`\nmisses by rule: ${[...missesByRule].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}:${n}`).join(' ') || 'none'}`);
console.log(`\nmisses (${misses.length}):`);
for (const m of verbose ? misses : misses.slice(0, 40)) console.log(`  ${m}`);
console.log(`\nfalse alarms (${alarms.length}):`);
for (const a of alarms) console.log(`  ${a}`);

// Speed: French business prose without secrets, ~2 KB.
const prose =
  `Objet : compte rendu de la réunion du comité de pilotage du 14 mars. Étaient présents la directrice financière, ` +
  `le responsable des achats et deux représentants du prestataire informatique. L'ordre du jour portait sur la ` +
  `migration de l'outil de facturation, le calendrier de la recette et le budget prévisionnel de l'exercice. ` +
  `Le prestataire a présenté l'avancement : les flux de commandes sont repris, les interfaces avec la comptabilité ` +
  `générale restent à tester. Le comité demande un plan de reprise des données historiques avant la fin du mois, ` +
  `ainsi qu'une estimation des jours de formation nécessaires pour les équipes régionales. La directrice ` +
  `financière rappelle que toute dépense supplémentaire doit être validée par écrit et que les factures du ` +
  `trimestre précédent doivent être rapprochées avant la clôture. Le responsable des achats signale un retard de ` +
  `livraison des postes de travail ; une relance sera adressée au fournisseur cette semaine. Points divers : la ` +
  `charte d'utilisation des outils collaboratifs sera diffusée à l'ensemble du personnel, et une session ` +
  `d'information sur la protection des données personnelles est prévue en avril. Chacun est invité à relire le ` +
  `compte rendu et à transmettre ses remarques avant vendredi. Prochaine réunion : le 11 avril à 10 heures, salle ` +
  `du conseil, au siège. Les actions suivantes sont décidées : mise à jour du planning par le prestataire, ` +
  `validation du budget révisé par la direction financière, préparation des jeux d'essai par les utilisateurs ` +
  `clés du service comptable, et communication aux agences sur les dates de bascule. Le secrétariat du comité ` +
  `se charge de l'envoi des convocations et de l'archivage des documents de travail dans l'espace partagé.`;
const iterations = 5000;
for (let i = 0; i < 500; i++) analyzer.analyze(prose, { language: 'fr' });
const t0 = performance.now();
let spurious = 0;
for (let i = 0; i < iterations; i++) spurious += analyzer.analyze(prose, { language: 'fr' }).length;
const perCall = ((performance.now() - t0) * 1000) / iterations;
console.log(`\nspeed: ${prose.length} chars of French prose, ${perCall.toFixed(1)} µs per analyze (${iterations} runs), findings: ${spurious / iterations}`);
