import { describe, expect, it } from 'vitest';
import { findPersons } from './person.ts';
import { personRecognizers } from './index.ts';
import { tokenize, Shape } from './tokens.ts';
import { createAnalyzer } from '../../analyzer.ts';
import type { Language } from '../../types.ts';

/** The texts of the PERSON entities found, in order. */
const names = (text: string, language: Language = 'fr') => findPersons(text, language).map((e) => e.text);

describe('person recognizer: titles', () => {
  it.each([
    ['Le dossier de M. Jean Dupont est clos.', 'M. Jean Dupont'],
    ['Rendez-vous avec Mme Oya Ersoy Ataman demain.', 'Mme Oya Ersoy Ataman'],
    ['La lettre de Mlle Chloé Bernard est arrivée.', 'Mlle Chloé Bernard'],
    ['Consultez le Dr Martin Lenoir pour cela.', 'Dr Martin Lenoir'],
    ['Consultez le Dr. Kowalczyk pour cela.', 'Dr. Kowalczyk'],
    ['Le dossier est suivi par Me Dupuis-Morel, avocate.', 'Me Dupuis-Morel'],
    ['Le Pr Haddad a signé le rapport.', 'Pr Haddad'],
    ['Nous avons écrit à Monsieur Bernard Lavilliers.', 'Monsieur Bernard Lavilliers'],
    ['Nous avons écrit à Madame Nguyen.', 'Madame Nguyen'],
    ['Le cabinet de Maître Olivier Cohen a répondu.', 'Maître Olivier Cohen'],
    ['Mr Smith called yesterday.', 'Mr Smith'],
    ['Please send it to Mrs. Eleanor Whitfield today.', 'Mrs. Eleanor Whitfield'],
    ['Ms Okafor will join the call.', 'Ms Okafor'],
    ['Sir John Freeland was present.', 'Sir John Freeland'],
    ['le juge Clarke statua en défaveur des requérants.', 'juge Clarke'],
  ])('%s', (text, expected) => {
    expect(names(text, /^(Mr|Please|Ms|Sir) /.test(text) ? 'en' : 'fr')).toEqual([expected]);
  });

  it('keeps the title in the span, scored high', () => {
    const [entity] = findPersons('Le requérant était représenté par M. Peter Maxwell, avocat.');
    expect(entity).toMatchObject({ type: 'PERSON', text: 'M. Peter Maxwell', recognizer: 'person' });
    expect(entity!.score).toBeGreaterThanOrEqual(0.85);
    expect('Le requérant était représenté par M. Peter Maxwell, avocat.'.slice(entity!.start, entity!.end)).toBe(entity!.text);
  });

  it('reads initials after a title and alone', () => {
    expect(names('à savoir M. R. Macdonald, M. J. De Meyer, Mme E. Palm et M. A. B. Baka')).toEqual([
      'M. R. Macdonald',
      'M. J. De Meyer',
      'Mme E. Palm',
      'M. A. B. Baka',
    ]);
    expect(names('Mme S. D. a été nommée syndic.')).toEqual(['Mme S. D.']);
  });

  it('joins a couple and reads lists after plural titles', () => {
    expect(names('Les requérants, M. et Mme Robins, sont nés en 1942.')).toEqual(['M. et Mme Robins']);
    expect(names('La Cour a entendu MM. Ehrenkrona, Bratt et Södergren.')).toEqual(['MM. Ehrenkrona', 'Bratt', 'Södergren']);
    expect(names('à savoir MM. L.-E. Pettiti, I. Foighel, A. N. Loizou et U. Lõhmus')).toEqual([
      'MM. L.-E. Pettiti',
      'I. Foighel',
      'A. N. Loizou',
      'U. Lõhmus',
    ]);
  });

  it('never takes the end of a firm name ("& Fils", "et Cie") for a person', () => {
    const found = names('Établissements Martin & Fils, Durand et Cie, Dupont & Associés, Smith & Sons.');
    for (const suffix of ['Fils', 'Cie', 'Associés', 'Sons']) expect(found).not.toContain(suffix);
  });

  it('reads a title glued to an initial', () => {
    expect(names('MmeE. Jagander, directeur au ministère')).toEqual(['MmeE. Jagander']);
  });

  it('needs a name after the title', () => {
    expect(names('Monsieur le Président, Madame la Ministre,')).toEqual([]);
    expect(names('Bonjour Monsieur, merci pour votre retour.')).toEqual([]);
  });

  it('does not read the English pronoun "Me" as a title', () => {
    expect(names('Carry Me Back To Canada was a hit.', 'en')).toEqual([]);
  });
});

describe('person recognizer: names without titles', () => {
  it('finds a first name and a surname', () => {
    expect(names('Hier, Jean-Pierre Dubois a envoyé le contrat.')).toEqual(['Jean-Pierre Dubois']);
    expect(names('Yesterday John Smith met the auditors.', 'en')).toEqual(['John Smith']);
    expect(names('Tomorrow we meet Anne-Marie Andersson and Kevin Gillespie.', 'en')).toEqual([
      'Anne-Marie Andersson',
      'Kevin Gillespie',
    ]);
  });

  it('finds upper-case surnames next to a first name', () => {
    expect(names('Dossier suivi par DUPONT Jean, service RH.')).toEqual(['DUPONT Jean']);
    expect(names('Contact : Marie LEFÈVRE, directrice.')).toEqual(['Marie LEFÈVRE']);
  });

  it('keeps particles inside names', () => {
    expect(names('Une lettre de Charles de Gaulle fut lue.')).toEqual(['Charles de Gaulle']);
    expect(names('Le portrait de Ludwig van Beethoven est ici.')).toEqual(['Ludwig van Beethoven']);
    expect(names('Une note de Ursula von der Leyen fut publiée.')).toEqual(['Ursula von der Leyen']);
    expect(names('Le discours de Valéry Giscard d’Estaing est célèbre.')).toEqual(['Valéry Giscard d’Estaing']);
  });

  it('reads greetings and signatures in business mail', () => {
    expect(names('Bonjour Jean-Pierre,\n\nVoici le devis.\n\nCordialement,\nMarie Lefèvre')).toEqual(['Jean-Pierre', 'Marie Lefèvre']);
    expect(names('Dear Sam, thanks for the update.', 'en')).toEqual(['Sam']);
    expect(names('Le document a été signé Hélène Marchand.')).toEqual(['Hélène Marchand']);
  });

  it('reads middle initials and name cues', () => {
    expect(names('Verses from Faina D. Yefremova are quoted.', 'en')).toEqual(['Faina D. Yefremova']);
    expect(names('My name is Tomomi Nishiyama.', 'en')).toEqual(['Tomomi Nishiyama']);
    expect(names("What's your last name? Magnusson", 'en')).toEqual(['Magnusson']);
  });

  it('finds a lone known first name mid-sentence', () => {
    expect(names('Why is Katrine so impulsive?', 'en')).toEqual(['Katrine']);
  });

  it('finds a surname again once a full name was seen', () => {
    expect(names('Le requérant, M. Peter Maxwell, réside à Perth. Plus tard, Maxwell fut arrêté.')).toEqual([
      'M. Peter Maxwell',
      'Maxwell',
    ]);
  });

  it('splits French elision and the English possessive off names', () => {
    expect(names("Il a parlé d'Anita hier.")).toEqual(['Anita']);
    expect(names("Bryan Maclean's killers were sentenced.", 'en')).toEqual(['Bryan Maclean']);
  });
});

describe('person recognizer: negatives', () => {
  it.each([
    ['numbers', 'Le montant de 12 500 euros a été versé le 12/03/2024, référence 4521.'],
    ['lower-case common words', 'la rose et la pierre sont claires, la marine aussi.'],
    ['sentence-initial common words', 'Rose est une couleur. Will you come? Grace period applies.'],
    ['months and days', 'Le Lundi 3 Mars et le Mardi 4 Avril, rien.'],
    ['newspaper and institutions', 'Le Monde a publié un article sur la Cour européenne et la Commission.'],
    ['places after a preposition', 'Elle vit à Lund et travaille à Bradford.'],
    ['countries and cities', 'Il a voyagé en France, en Turquie et à Ankara.'],
    ['organisation names', 'Russell Investments a racheté Ferranti plc et la société Durand.'],
    ['a street in an address', 'Adresse : 12 rue Victor Hugo, 75001 Paris.'],
    ['upper-case headings', 'EN FAIT\nLES CIRCONSTANCES DE L’ESPÈCE'],
    ['numbered headings', 'A. Arrestation et détention du requérant'],
  ])('%s', (_label, text) => {
    expect(names(text)).toEqual([]);
  });

  it('never reports a number, whatever the neighbours', () => {
    for (const entity of findPersons('M. 25, Mme 3, Dr 4 et Jean 12 ont payé 1 200 euros.')) {
      expect(entity.text).not.toMatch(/\d/);
    }
  });
});

describe('person recognizer: integration', () => {
  it('runs in the analyzer with auto language', () => {
    const analyzer = createAnalyzer({ recognizers: personRecognizers() });
    const found = analyzer.analyze('Bonjour, je transmets le dossier de Mme Claire Fontaine à M. Karim Benali.');
    expect(found.map((e) => [e.type, e.text])).toEqual([
      ['PERSON', 'Mme Claire Fontaine'],
      ['PERSON', 'M. Karim Benali'],
    ]);
  });

  it('tokenizes capitalisation shapes', () => {
    const shapes = tokenize("DUPONT Jean-Pierre d'Anita J. 42").map((t) => [t.text, t.shape]);
    expect(shapes).toEqual([
      ['DUPONT', Shape.AllCaps],
      ['Jean-Pierre', Shape.Capitalized],
      ["d'", Shape.Lower],
      ['Anita', Shape.Capitalized],
      ['J', Shape.Letter],
      ['.', Shape.Symbol],
      ['42', Shape.Number],
    ]);
  });
});
