/** Human names of the shield's entity types (TAXONOMY.md), per UI language. */
import { ENTITY_TYPES, type EntityType } from '@rempart/shield';
import type { UiLanguage } from './i18n.tsx';

const LABELS: Record<EntityType, { fr: string; en: string }> = {
  PERSON: { fr: 'Nom de personne', en: 'Person name' },
  EMAIL: { fr: 'E-mail', en: 'E-mail' },
  PHONE: { fr: 'Téléphone', en: 'Phone' },
  IBAN: { fr: 'IBAN', en: 'IBAN' },
  BIC: { fr: 'BIC', en: 'BIC' },
  CREDIT_CARD: { fr: 'Carte bancaire', en: 'Payment card' },
  FR_NIR: { fr: 'N° de sécurité sociale', en: 'French social security no.' },
  FR_SIREN: { fr: 'SIREN', en: 'SIREN' },
  FR_SIRET: { fr: 'SIRET', en: 'SIRET' },
  FR_VAT: { fr: 'N° de TVA', en: 'VAT number' },
  FR_ID_CARD: { fr: "Carte d'identité", en: 'ID card' },
  PASSPORT: { fr: 'Passeport', en: 'Passport' },
  LICENSE_PLATE: { fr: "Plaque d'immatriculation", en: 'Licence plate' },
  ADDRESS: { fr: 'Adresse postale', en: 'Postal address' },
  DATE_OF_BIRTH: { fr: 'Date de naissance', en: 'Date of birth' },
  IP_ADDRESS: { fr: 'Adresse IP', en: 'IP address' },
  URL_CREDENTIALS: { fr: 'Identifiants dans une URL', en: 'Credentials in a URL' },
  SECRET: { fr: 'Secret / mot de passe', en: 'Secret / password' },
  CONFIDENTIAL_MARKER: { fr: 'Mention de confidentialité', en: 'Confidentiality marking' },
  CUSTOM: { fr: "Terme de l'organisation", en: 'Organisation term' },
  SOURCE_CODE: { fr: 'Code source', en: 'Source code' },
  SPECIAL_CATEGORY: { fr: 'Donnée sensible (art. 9 RGPD)', en: 'Special category (GDPR Art. 9)' },
};

/** `IBAN` or `SPECIAL_CATEGORY:health`; an unknown type is shown as sent. */
export function entityLabel(type: string, language: UiLanguage): string {
  const colon = type.indexOf(':');
  const base = colon === -1 ? type : type.slice(0, colon);
  const label = (LABELS as Record<string, { fr: string; en: string } | undefined>)[base]?.[language] ?? base;
  return colon === -1 ? label : `${label} (${type.slice(colon + 1)})`;
}

export { ENTITY_TYPES };
