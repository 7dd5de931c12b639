import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { contextualPlateRecognizer, isValidSivPlate, sivPlateRecognizer } from './license-plate.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const siv = (text: string) => sivPlateRecognizer.find(input(text)).map((e) => e.text);
const contextual = (text: string) => contextualPlateRecognizer.find(input(text)).map((e) => e.text);

describe('SIV plate rules', () => {
  it('excludes I, O, U, SS/WW on the left, SS on the right and 000', () => {
    expect(isValidSivPlate('AB-123-CD')).toBe(true);
    expect(isValidSivPlate('AI-123-CD')).toBe(false);
    expect(isValidSivPlate('AB-123-CO')).toBe(false);
    expect(isValidSivPlate('UB-123-CD')).toBe(false);
    expect(isValidSivPlate('SS-123-CD')).toBe(false);
    expect(isValidSivPlate('WW-123-CD')).toBe(false);
    expect(isValidSivPlate('AB-123-SS')).toBe(false);
    expect(isValidSivPlate('AB-123-WW')).toBe(true);
    expect(isValidSivPlate('AB-000-CD')).toBe(false);
  });
});

describe('LICENSE_PLATE recognizers', () => {
  it('finds dashed SIV plates without context', () => {
    expect(siv('garée, AB-123-CD, devant')).toEqual(['AB-123-CD']);
    expect(siv('AI-123-CD')).toEqual([]);
    expect(siv('XAB-123-CD')).toEqual([]);
  });

  it('finds spaced/compact SIV and FNI plates only near a vehicle word', () => {
    expect(contextual('immatriculation AB 123 CD')).toEqual(['AB 123 CD']);
    expect(contextual('plaque AB123CD')).toEqual(['AB123CD']);
    expect(contextual('véhicule immatriculé 1234 AB 56')).toEqual(['1234 AB 56']);
    expect(contextual('1234 AB 56')).toEqual([]);
    expect(contextual('AB 123 CD')).toEqual([]);
  });

  it('checks the FNI department', () => {
    expect(contextual('plaque 123 ABC 2A')).toEqual(['123 ABC 2A']);
    expect(contextual('plaque 123 ABC 971')).toEqual(['123 ABC 971']);
    expect(contextual('plaque 123 ABC 96')).toEqual([]);
  });
});
