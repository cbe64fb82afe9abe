import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ENUM_LABELS, MESSAGES, type EnumLabels, type Locale, type MessageKey } from './dictionary.ts';

const STORAGE_KEY = 'beacon.locale';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

type I18n = { locale: Locale; setLocale: (locale: Locale) => void; t: Translate; labels: EnumLabels };

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  // Clerks work in Chinese; English is an explicit choice that survives reloads.
  return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
}

function applyLocale(locale: Locale) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
  document.title = `${MESSAGES[locale]['app.name']} Beacon`;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const value = initialLocale();
    applyLocale(value);
    return value;
  });
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    applyLocale(next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
    const t: Translate = (key, values) =>
      values
        ? messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
            name in values ? String(values[name]) : whole,
          )
        : messages[key];
    return { locale, setLocale, t, labels: ENUM_LABELS[locale] };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
