import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../analyzer.ts';
import type { DetectedEntity, RecognizerInput } from '../../types.ts';
import { SPECIAL_CATEGORIES, specialCategoryRecognizer } from './index.ts';
import { SPECIAL_CATEGORY_LEXICON } from './lexicon.ts';

const recognizer = specialCategoryRecognizer();

function find(text: string): DetectedEntity[] {
  const input: RecognizerInput = { text, lowerText: text.toLowerCase(), language: 'fr' };
  return recognizer.find(input);
}

/** [term, category] of findings the analyzer would report by default (score ≥ 0.5). */
function personal(text: string): [string, string | undefined][] {
  return find(text)
    .filter((e) => e.score >= 0.5)
    .map((e) => [e.text, e.subtype]);
}

describe('SPECIAL_CATEGORY: personal statements (French)', () => {
  it.each([
    ["M. Dupont est atteint d'un cancer du poumon.", 'cancer', 'health'],
    ['Elle est enceinte de cinq mois.', 'enceinte', 'health'],
    ["Le salarié est en arrêt maladie jusqu'au 12 mars.", 'arrêt maladie', 'health'],
    ['Mon collègue est séropositif.', 'séropositif', 'health'],
    ['Il souffre de dépression depuis son licenciement.', 'dépression', 'health'],
    ['Mme Leroy a une RQTH depuis 2021.', 'RQTH', 'health'],
    ['Il prend des antidépresseurs.', 'antidépresseurs', 'health'],
    ['Sa religion lui interdit de travailler le samedi.', 'religion', 'religion'],
    ['Karim est musulman et fait le ramadan.', 'musulman', 'religion'],
    ['Il est militant à La France insoumise.', 'militant', 'political_opinion'],
    ['Il est délégué CGT depuis 2019.', 'CGT', 'union_membership'],
    ["Elle est syndiquée à la CFDT.", 'syndiquée', 'union_membership'],
    ['Il nous a confié être homosexuel.', 'homosexuel', 'sexual_orientation'],
    ["Son origine ethnique ne doit pas figurer dans le dossier.", 'origine ethnique', 'ethnic_origin'],
    ['Nous avons enregistré son empreinte digitale à l’accueil.', 'empreinte digitale', 'biometric'],
    ['Le test génétique de Mme Roux montre une mutation BRCA1.', 'test génétique', 'genetic'],
    ['Le candidat a un casier judiciaire chargé.', 'casier judiciaire', 'criminal'],
    ['Le requérant fut placé en garde à vue le 3 mai.', 'garde à vue', 'criminal'],
  ])('%s', (text, term, category) => {
    const findings = find(text).filter((e) => e.text === term);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.subtype).toBe(category);
    expect(findings[0]!.score).toBeGreaterThanOrEqual(0.6);
    expect(text.slice(findings[0]!.start, findings[0]!.end)).toBe(term);
  });
});

describe('SPECIAL_CATEGORY: personal statements (English)', () => {
  it.each([
    ['Mr Smith has diabetes.', 'diabetes', 'health'],
    ['He was diagnosed with HIV last year.', 'HIV', 'health'],
    ['She is pregnant and on sick leave until May.', 'pregnant', 'health'],
    ['She is a practising Muslim.', 'Muslim', 'religion'],
    ['He voted for the Green Party.', 'Green Party', 'political_opinion'],
    ['Our colleague is a member of the trade union.', 'trade union', 'union_membership'],
    ['He is gay.', 'gay', 'sexual_orientation'],
    ['The applicant is Hispanic.', 'Hispanic', 'ethnic_origin'],
    ['We store her fingerprints for door access.', 'fingerprints', 'biometric'],
    ['His genetic testing showed a BRCA mutation.', 'genetic testing', 'genetic'],
    ['The employee has a criminal record.', 'criminal record', 'criminal'],
    ['He was convicted of fraud in 2015.', 'convicted', 'criminal'],
  ])('%s', (text, term, category) => {
    const findings = find(text).filter((e) => e.text === term);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.subtype).toBe(category);
    expect(findings[0]!.score).toBeGreaterThanOrEqual(0.6);
  });

  it('reports the term span, not the sentence', () => {
    const text = 'Note: Mrs. Patel suffers from epilepsy and needs breaks.';
    const [finding] = find(text);
    expect(finding).toMatchObject({ text: 'epilepsy', subtype: 'health', start: text.indexOf('epilepsy') });
    expect(finding!.end - finding!.start).toBe('epilepsy'.length);
  });
});

describe('SPECIAL_CATEGORY: not personal', () => {
  it.each([
    'The cancer research budget grows by 4 % next year.',
    'La recherche sur le cancer progresse.',
    'The hospital has a cancer ward on the third floor.',
    'Le RGPD protège les données concernant la santé, l’orientation sexuelle ou les opinions politiques.',
    'La CGT appelle à la grève nationale jeudi.',
    'Innovation is in our DNA.',
    "C'est dans l'ADN de l'entreprise.",
    'The feature is disabled by default.',
    'Le mot de passe est invalide.',
    'Il a pris la parole devant le conseil.',
    'The AIDS awareness campaign starts in June.',
    'La greffe du tribunal de commerce est fermée.',
    'He won the race in record time.',
    'Une dépression atlantique arrive sur la Bretagne.',
  ])('%s', (text) => {
    expect(personal(text)).toEqual([]);
  });

  it('still reports the bare term below the default threshold, for stricter policies', () => {
    const [finding] = find('Le budget de la lutte contre le cancer augmente.');
    expect(finding).toMatchObject({ text: 'cancer', subtype: 'health' });
    expect(finding!.score).toBeLessThan(0.5);
  });

  it('matches whole words and acronyms in capitals only', () => {
    expect(find('The precancerous cells and the cancerology unit')).toEqual([]);
    expect(find('This aids the process; the ald value is set.')).toEqual([]);
    expect(find('Il est porteur du VIH.').map((e) => e.text)).toEqual(['VIH']);
  });

  it('folds accents and typographic apostrophes', () => {
    expect(personal('IL EST ATTEINT D’UNE HEPATITE C.')).toEqual([['HEPATITE C', 'health']]);
  });
});

describe('SPECIAL_CATEGORY lexicon', () => {
  it('covers every category with terms, and the analyzer pre-filter lets them through', () => {
    const analyzer = createAnalyzer({ recognizers: [recognizer] });
    for (const category of SPECIAL_CATEGORIES) {
      const { conditions, attributes, acronyms } = SPECIAL_CATEGORY_LEXICON[category];
      expect(conditions.length + attributes.length + acronyms.length).toBeGreaterThan(0);
    }
    expect(analyzer.analyze('Sa séropositivité est connue du médecin du travail.').map((e) => e.subtype)).toEqual(['health']);
    expect(analyzer.analyze('Rien de sensible ici.')).toEqual([]);
  });
});
