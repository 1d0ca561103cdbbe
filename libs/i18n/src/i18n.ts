import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromProjectRoot } from '@mosaic/config';

/** Languages of pages, questions and messages (ISO 639-1). */
export const SUPPORTED_LANGUAGES = ['en', 'fr', 'es', 'ar', 'uk', 'sw'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const FALLBACK_LANGUAGE: Language = 'en';

export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
  uk: 'Українська',
  sw: 'Kiswahili',
};

export const isSupportedLanguage = (code: unknown): code is Language =>
  typeof code === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(code);

export const isRightToLeft = (language: string) => language === 'ar';

/**
 * The first supported language among the candidates, in order of precedence (an explicit choice,
 * the user's, the organisation's, the browser's), else English.
 */
export function pickLanguage(candidates: (string | null | undefined)[]): Language {
  for (const candidate of candidates) {
    const code = candidate?.slice(0, 2).toLowerCase();
    if (isSupportedLanguage(code)) return code;
  }
  return FALLBACK_LANGUAGE;
}

/** Languages named by an Accept-Language header, most preferred first. */
export function acceptLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((entry) => entry.tag);
}

type Catalogue = Record<string, string>;

/** Message catalogues in libs/i18n/locales/<language>.json; a missing key falls back to English, then to the key. */
export class Translator {
  private readonly catalogues = new Map<string, Catalogue>();

  constructor(directory = fromProjectRoot('libs/i18n/locales')) {
    for (const language of SUPPORTED_LANGUAGES) {
      this.catalogues.set(language, JSON.parse(readFileSync(join(directory, `${language}.json`), 'utf8')) as Catalogue);
    }
  }

  t(language: string, key: string, params: Record<string, unknown> = {}): string {
    const template = this.catalogues.get(language)?.[key] ?? this.catalogues.get(FALLBACK_LANGUAGE)?.[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  has(language: string, key: string): boolean {
    return key in (this.catalogues.get(language) ?? {});
  }

  keys(language: string): string[] {
    return Object.keys(this.catalogues.get(language) ?? {});
  }
}

/** A translation map ({ en, fr, ... }) read in one language, falling back to English, then to any. */
export function translated(map: Record<string, string> | null | undefined, language: string): string {
  if (!map) return '';
  return map[language] ?? map[FALLBACK_LANGUAGE] ?? Object.values(map)[0] ?? '';
}
