/**
 * A small i18n layer: two dictionaries with the same keys (TypeScript checks English has every
 * French key), `{name}` parameters, and the language kept in localStorage. French by default.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fr, type MessageKey } from './messages-fr.ts';
import { en } from './messages-en.ts';

export type UiLanguage = 'fr' | 'en';
export const UI_LANGUAGES: readonly UiLanguage[] = ['fr', 'en'];
const dictionaries: Record<UiLanguage, Record<MessageKey, string>> = { fr, en };
const STORAGE_KEY = 'rempart.language';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Replaces `{name}` by params.name; an unknown parameter stays visible rather than vanishing. */
export function formatMessage(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(language: UiLanguage): Translate {
  const dictionary = dictionaries[language];
  return (key, params) => formatMessage(dictionary[key], params);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in fr;
}

interface I18nValue {
  language: UiLanguage;
  setLanguage(language: UiLanguage): void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLanguage(): UiLanguage {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'fr' || stored === 'en') return stored;
  } catch {
    // Storage may be disabled (private mode, policy): French default.
  }
  return 'fr';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<UiLanguage>(initialLanguage);
  const setLanguage = useCallback((next: UiLanguage) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across reloads; the switch still works for this page.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage, t: translator(language) }), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
