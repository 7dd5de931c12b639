import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { continentalAddressRecognizer, postalBoxRecognizer, streetAddressRecognizer } from './address.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const recognizers = [streetAddressRecognizer, continentalAddressRecognizer, postalBoxRecognizer];
const findAll = (text: string) => recognizers.flatMap((r) => r.find(input(text))).sort((a, b) => a.start - b.start);
const spans = (text: string) => findAll(text).map((e) => e.text);

describe('ADDRESS recognizer, French', () => {
  it('finds number + street type + name', () => {
    expect(spans('Il habite 12 rue de la Paix depuis 2010.')).toEqual(['12 rue de la Paix']);
    expect(spans('au 3 bis avenue Victor Hugo')).toEqual(['3 bis avenue Victor Hugo']);
    expect(spans('5 bd Saint-Germain, 8 impasse des Lilas et 14 place de l’Église')).toEqual([
      '5 bd Saint-Germain', '8 impasse des Lilas', '14 place de l’Église',
    ]);
  });

  it('includes the postcode and city after a comma or a newline', () => {
    expect(spans('Adresse : 8 rue du Faubourg Saint-Honoré, 75008 Paris.')).toEqual(['8 rue du Faubourg Saint-Honoré, 75008 Paris']);
    expect(spans('10 chemin des Vignes\n69003 Lyon')).toEqual(['10 chemin des Vignes\n69003 Lyon']);
    const [withPostcode] = findAll('1 quai Voltaire 75007 Paris');
    const [withoutPostcode] = findAll('1 quai Voltaire');
    expect(withPostcode!.score).toBeGreaterThan(withoutPostcode!.score);
  });

  it('accepts a lower-case street name but stops where the sentence resumes', () => {
    expect(spans('livrer au 12 rue de la paix merci')).toEqual(['12 rue de la paix']);
  });

  it('does not fire on a street word without a number, or a number without a street word', () => {
    expect(spans('La rue de la Paix est fermée.')).toEqual([]);
    expect(spans('Il a 12 chats.')).toEqual([]);
    expect(spans('12 ruelles')).toEqual([]);
    expect(spans('fondée en 753 av. J.-C. par Romulus')).toEqual([]);
  });
});

describe('ADDRESS recognizer, other layouts', () => {
  it('finds English addresses with unit and city, state, ZIP', () => {
    expect(spans('I live at 217 Lovers Lane, Apt. 4, Springfield, IL 62704 now')).toEqual(['217 Lovers Lane, Apt. 4, Springfield, IL 62704']);
    expect(spans('Ship to 1600 Pennsylvania Avenue.')).toEqual(['1600 Pennsylvania Avenue']);
  });

  it('finds continental layouts and postal boxes', () => {
    expect(spans('Hauptstraße 12, Via Roma 131, ul. Słowicza 10')).toEqual(['Hauptstraße 12', 'Via Roma 131', 'ul. Słowicza 10']);
    expect(spans('PSC 2721, Box 8637\nAPO AA 06259 and P.O. Box 104')).toEqual(['PSC 2721, Box 8637\nAPO AA 06259', 'P.O. Box 104']);
    expect(spans('Écrire à BP 123, 13001 Marseille Cedex 02 avant lundi')).toEqual(['BP 123, 13001 Marseille Cedex 02']);
  });

  it('finds separate lower-case type words and Romance particles', () => {
    expect(spans('Trenerys gate 232, Hegedűs Gyula utca 76, Via dei Fiorentini 17')).toEqual([
      'Trenerys gate 232', 'Hegedűs Gyula utca 76', 'Via dei Fiorentini 17',
    ]);
    expect(spans('Departure Gate 12')).toEqual([]);
  });

  it('keeps a year before a street under the reporting threshold unless context or a postcode backs it', () => {
    expect(findAll('In 2019 Apple Park opened')[0]!.score).toBeLessThan(0.5);
    expect(findAll('I live at 2019 Main Street')[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(findAll('1998 rue de Rivoli, 75001 Paris')[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(findAll('né le 27 novembre 1635 rue du Pont')[0]!.score).toBeLessThan(0.5);
    expect(findAll('Send it to 1737 Cheriton Dr')[0]!.score).toBeGreaterThanOrEqual(0.5);
  });

  it('does not read years after ordinary words as addresses', () => {
    expect(spans('During 1971, Bring 2 friends')).toEqual([]);
  });
});
