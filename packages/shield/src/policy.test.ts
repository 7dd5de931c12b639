import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, decide, parsePolicy, policyUses } from './policy.ts';
import { ShieldError } from './errors.ts';
import type { DetectedEntity, EntityType } from './types.ts';

function entity(type: EntityType, subtype?: string): DetectedEntity {
  const found: DetectedEntity = { type, start: 0, end: 1, score: 0.9, text: 'x', recognizer: 'test' };
  if (subtype !== undefined) found.subtype = subtype;
  return found;
}

function policyError(input: unknown): ShieldError {
  try {
    parsePolicy(input);
  } catch (error) {
    if (error instanceof ShieldError) return error;
    throw error;
  }
  throw new Error('parsePolicy accepted an invalid policy');
}

describe('parsePolicy', () => {
  it('fills the default action', () => {
    expect(parsePolicy({})).toEqual({ default: 'pseudonymize' });
    expect(parsePolicy({ version: 1, default: 'mask' }).default).toBe('mask');
  });

  it('accepts a complete policy', () => {
    const policy = parsePolicy({
      version: 1,
      default: 'pseudonymize',
      minScore: 0.6,
      rules: { IBAN: 'mask', 'SPECIAL_CATEGORY:health': 'block' },
      destinations: { 'non-eu': { SOURCE_CODE: 'block' }, 'on-premise': { SECRET: 'allow' } },
      customTerms: [{ term: 'Projet Orion', category: 'project', caseSensitive: true }],
      placeholderLanguage: 'en',
    });
    expect(policy.rules?.['SPECIAL_CATEGORY:health']).toBe('block');
    expect(policy.customTerms?.[0]?.term).toBe('Projet Orion');
  });

  it('names an unknown action and where it is', () => {
    const error = policyError({ rules: { IBAN: 'hide' } });
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toContain('rules.IBAN');
    expect(error.message).toContain('pseudonymize');
  });

  it('names an unknown entity type in rules and in destinations', () => {
    expect(policyError({ rules: { IBN: 'mask' } }).message).toContain("rules.IBN: unknown entity type 'IBN'");
    expect(policyError({ destinations: { eu: { 'PHONES:mobile': 'allow' } } }).message).toContain(
      "destinations.eu.PHONES:mobile: unknown entity type 'PHONES'",
    );
    expect(policyError({ rules: { 'SPECIAL_CATEGORY:': 'block' } }).message).toContain(
      "rules.SPECIAL_CATEGORY:: empty subtype",
    );
  });

  it('rejects an unknown destination, unknown fields and out-of-range scores', () => {
    expect(policyError({ destinations: { mars: {} } }).message).toContain(
      "destinations: unknown field(s) 'mars' (destinations are on-premise, eu, non-eu)",
    );
    expect(policyError({ defaults: 'mask' }).message).toContain("'defaults'");
    expect(policyError({ minScore: 1.5 }).message).toContain('minScore');
    expect(policyError({ version: 2 }).message).toContain('version');
  });

  it('rejects empty custom terms and bad placeholder languages', () => {
    expect(policyError({ customTerms: [{ term: '  ' }] }).message).toContain('customTerms.0.term');
    expect(policyError({ placeholderLanguage: 'de' }).message).toContain('placeholderLanguage');
  });

  it('rejects what is not an object', () => {
    expect(policyError('default: mask').code).toBe('POLICY_INVALID');
    expect(policyError(null).code).toBe('POLICY_INVALID');
  });
});

describe('decide', () => {
  const policy = parsePolicy({
    default: 'redact',
    rules: { SPECIAL_CATEGORY: 'mask', 'SPECIAL_CATEGORY:health': 'hash' },
    destinations: {
      'non-eu': { SPECIAL_CATEGORY: 'pseudonymize', 'SPECIAL_CATEGORY:health': 'block' },
      eu: { SPECIAL_CATEGORY: 'allow' },
    },
  });

  it('follows destination TYPE:subtype, destination TYPE, rules TYPE:subtype, rules TYPE, default', () => {
    expect(decide(entity('SPECIAL_CATEGORY', 'health'), policy, 'non-eu')).toBe('block');
    expect(decide(entity('SPECIAL_CATEGORY', 'religion'), policy, 'non-eu')).toBe('pseudonymize');
    expect(decide(entity('SPECIAL_CATEGORY', 'health'), policy, 'eu')).toBe('allow');
    expect(decide(entity('SPECIAL_CATEGORY', 'health'), policy, 'on-premise')).toBe('hash');
    expect(decide(entity('SPECIAL_CATEGORY', 'health'), policy)).toBe('hash');
    expect(decide(entity('SPECIAL_CATEGORY', 'religion'), policy)).toBe('mask');
    expect(decide(entity('SPECIAL_CATEGORY'), policy)).toBe('mask');
    expect(decide(entity('EMAIL'), policy, 'non-eu')).toBe('redact');
  });

  it('default policy: pseudonymise, code allowed in the EU, Art. 9 and code blocked for non-EU', () => {
    expect(decide(entity('EMAIL'), DEFAULT_POLICY, 'non-eu')).toBe('pseudonymize');
    expect(decide(entity('SECRET', 'aws-access-key'), DEFAULT_POLICY, 'eu')).toBe('pseudonymize');
    expect(decide(entity('SOURCE_CODE'), DEFAULT_POLICY, 'on-premise')).toBe('allow');
    expect(decide(entity('SOURCE_CODE'), DEFAULT_POLICY, 'eu')).toBe('allow');
    expect(decide(entity('SOURCE_CODE'), DEFAULT_POLICY, 'non-eu')).toBe('block');
    expect(decide(entity('SPECIAL_CATEGORY', 'health'), DEFAULT_POLICY, 'non-eu')).toBe('block');
    expect(decide(entity('SPECIAL_CATEGORY', 'health'), DEFAULT_POLICY, 'eu')).toBe('pseudonymize');
    expect(decide(entity('CONFIDENTIAL_MARKER'), DEFAULT_POLICY, 'non-eu')).toBe('block');
  });

  it('the default policy is valid and cannot be edited in place', () => {
    expect(parsePolicy(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(Object.isFrozen(DEFAULT_POLICY.destinations?.['non-eu'])).toBe(true);
  });

  it('policyUses finds an action anywhere in the policy', () => {
    expect(policyUses(policy, 'hash')).toBe(true);
    expect(policyUses(policy, 'block')).toBe(true);
    expect(policyUses(DEFAULT_POLICY, 'hash')).toBe(false);
  });
});
