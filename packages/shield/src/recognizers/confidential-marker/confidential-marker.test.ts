import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../analyzer.ts';
import type { RecognizerInput } from '../../types.ts';
import { confidentialMarkerRecognizer } from './index.ts';

const recognizer = confidentialMarkerRecognizer();

function input(text: string): RecognizerInput {
  return { text, lowerText: text.toLowerCase(), language: 'fr' };
}

/** [text, subtype, score] of findings at or above the analyzer's default threshold. */
function reported(text: string, r = recognizer): [string, string | undefined, number][] {
  return r
    .find(input(text))
    .filter((e) => e.score >= 0.5)
    .map((e) => [e.text, e.subtype, e.score]);
}

function reportedTexts(text: string): string[] {
  return reported(text).map(([t]) => t);
}

describe('CONFIDENTIAL_MARKER: labels written as labels', () => {
  it('finds a header line of French labels, one finding per label, with its level', () => {
    const text = 'CONFIDENTIEL – NE PAS DIFFUSER\nCompte rendu du comité de direction du 3 mars.';
    expect(reported(text)).toEqual([
      ['CONFIDENTIEL', 'confidential', 0.9],
      ['NE PAS DIFFUSER', 'restricted', 0.9],
    ]);
  });

  it('finds labels after a classification key, whatever the word', () => {
    expect(reported('Classification : Interne')).toEqual([['Interne', 'internal', 0.95]]);
    expect(reported('Diffusion : restreinte\nSuite du texte')).toEqual([['restreinte', 'restricted', 0.95]]);
    expect(reported('Sensitivity: Restricted')).toEqual([['Restricted', 'restricted', 0.95]]);
    expect(reported('Niveau de confidentialité : « Secret »')).toEqual([['Secret', 'secret', 0.95]]);
  });

  it('finds bracketed and emphasised labels', () => {
    expect(reportedTexts('[CONFIDENTIAL] Q3 revenue forecast attached.')).toEqual(['CONFIDENTIAL']);
    expect(reportedTexts('Q3 forecast (Internal only), please review.')).toEqual(['Internal only']);
    expect(reportedTexts('**Secret** : les codes du coffre sont dans le classeur.')).toEqual(['Secret']);
    expect(reportedTexts('Voir la note « Diffusion restreinte » jointe.')).toEqual(['Diffusion restreinte']);
  });

  it('finds single-line markings in English and the secrecy levels', () => {
    expect(reported('Strictly confidential')).toEqual([['Strictly confidential', 'confidential', 0.9]]);
    expect(reported('TOP SECRET')).toEqual([['TOP SECRET', 'secret', 0.9]]);
    expect(reported('Secret défense')).toEqual([['Secret défense', 'secret', 0.9]]);
    expect(reported('Très secret')).toEqual([['Très secret', 'secret', 0.9]]);
    expect(reported('Internal use only')).toEqual([['Internal use only', 'internal', 0.9]]);
    expect(reported('Document interne\n')).toEqual([['interne', 'internal', 0.9]]);
    expect(reported('Usage interne – C2')).toEqual([['Usage interne', 'internal', 0.9]]);
  });

  it('finds NDA markings', () => {
    expect(reportedTexts('This roadmap is shared under NDA with Acme.')).toEqual(['under NDA']);
    expect(reportedTexts('Présentation sous NDA, merci de votre discrétion.')).toEqual(['sous NDA']);
    expect(reported('ACCORD DE CONFIDENTIALITÉ\nEntre les soussignés…')).toEqual([
      ['ACCORD DE CONFIDENTIALITÉ', 'nda', 0.9],
    ]);
  });

  it('finds labels at the end of a line after a separator, and in header/footer lines', () => {
    expect(reportedTexts('Projet Orion — Confidentiel\nTexte')).toEqual(['Confidentiel']);
    const document = 'Rapport annuel Orion confidentiel\nLigne un.\nLigne deux.\nPage 3 sur 10';
    expect(reportedTexts(document)).toEqual(['confidentiel']);
  });

  it('finds statements about the content and strong labels in prose', () => {
    expect(reportedTexts('Ce document est confidentiel et réservé au comité.')).toEqual(['confidentiel']);
    expect(reportedTexts('These slides are strictly confidential.')).toEqual(['strictly confidential']);
    expect(reportedTexts('Transmis à titre confidentiel.')).toEqual(['confidentiel']);
    expect(reportedTexts('Merci de ne pas diffuser ce fichier.')).toEqual(['ne pas diffuser']);
    expect(reportedTexts('Please do not forward this email.')).toEqual(['do not forward']);
  });

  it('folds accents and typographic characters', () => {
    expect(reportedTexts('DIFFUSION LIMITEE')).toEqual(['DIFFUSION LIMITEE']);
    expect(reportedTexts('[Confidentiel\u00a0défense]')).toEqual(['Confidentiel\u00a0défense']);
  });
});

describe('CONFIDENTIAL_MARKER: prose is not a marker', () => {
  it.each([
    'Le secret de la réussite, c’est la régularité.',
    'Grandma kept a secret recipe for this cake.',
    'Secret: use a long passphrase and never reuse it.',
    'Le service interne de reprographie ferme à 18 h.',
    'Our internal tools team owns the deploy pipeline.',
    'Access is restricted to badge holders after 8 pm.',
    'Nous avons signé un NDA avec le fournisseur.',
    'La propriétaire du logement a rendu la caution.',
    'const token = getSecret(secret);',
    'status: internal\nlabel: secret',
    'Nous traitons des données confidentielles avec soin.',
    'We respect the confidentiality of your data.',
    'Le secret médical protège les patients.',
  ])('%s', (text) => {
    expect(reported(text)).toEqual([]);
  });

  it('gives a plain label in prose a score below the default threshold', () => {
    const [finding] = recognizer.find(input('Nous échangeons des informations confidentielles.'));
    expect(finding?.text).toBe('confidentielles');
    expect(finding!.score).toBeLessThan(0.5);
  });

  it('does not match inside longer words', () => {
    expect(recognizer.find(input('Confidentiality matters; internationally restricting secretly.'))).toEqual([]);
  });
});

describe('CONFIDENTIAL_MARKER: organisation labels', () => {
  it('reports extra labels with subtype custom (or the given level), even in prose', () => {
    const custom = confidentialMarkerRecognizer({
      extraLabels: ['Acme Sensible', { label: 'C4 Vault', level: 'secret' }],
    });
    expect(reported('Ce tableau est Acme Sensible, voir C4 Vault.', custom)).toEqual([
      ['Acme Sensible', 'custom', 0.6],
      ['C4 Vault', 'secret', 0.6],
    ]);
    expect(reported('ACME SENSIBLE', custom)).toEqual([['ACME SENSIBLE', 'custom', 0.9]]);
  });

  it('exposes pre-filter keywords that occur in every label, accents aside', () => {
    const custom = confidentialMarkerRecognizer({ extraLabels: ['Très Sensible Acmé'] });
    const keywords = custom.keywords ?? [];
    for (const label of ['Très Sensible Acmé', 'Secret défense', 'accord de confidentialité', 'Internal use only']) {
      expect(keywords.some((k) => label.toLowerCase().includes(k))).toBe(true);
    }
  });

  it('runs through the analyzer, keyword pre-filter included', () => {
    const analyzer = createAnalyzer({ recognizers: [recognizer] });
    expect(analyzer.analyze('[DIFFUSION RESTREINTE] Plan de sauvegarde').map((e) => [e.type, e.subtype])).toEqual([
      ['CONFIDENTIAL_MARKER', 'restricted'],
    ]);
    expect(analyzer.analyze('Rien à signaler ici.')).toEqual([]);
  });
});
