import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromProjectRoot } from '@mosaic/config';
import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES } from './i18n';

type Catalogue = Record<string, unknown>;

const LOCALES = fromProjectRoot('libs/i18n/locales');
const TEMPLATES = fromProjectRoot('libs/mail/templates');
const TEMPLATE_PARTS = ['subject.hbs', 'html.hbs', 'text.hbs'];

const catalogue = (language: string): Catalogue => JSON.parse(readFileSync(join(LOCALES, `${language}.json`), 'utf8')) as Catalogue;

/** The {name} placeholders of a page message, as Translator.t fills them. */
const placeholders = (message: string) => [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();

/** The {{expressions}} (and {{{raw}}} ones) used in a Handlebars template. */
const variables = (template: string) =>
  [...new Set([...template.matchAll(/\{\{\{?\s*([^{}]+?)\s*\}?\}\}/g)].map((match) => match[1]))].sort();

const directories = (path: string) =>
  readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

const english = catalogue(FALLBACK_LANGUAGE);
const translations = SUPPORTED_LANGUAGES.filter((language) => language !== FALLBACK_LANGUAGE);

describe('page message catalogues', () => {
  it.each(translations)('%s has exactly the keys of en.json', (language) => {
    expect(Object.keys(catalogue(language)).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(translations)('%s has no empty message', (language) => {
    const empty = Object.entries(catalogue(language))
      .filter(([, message]) => typeof message !== 'string' || message.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it.each(translations)('%s keeps the {placeholders} of every English message', (language) => {
    const translated = catalogue(language);
    const mismatches = Object.entries(english)
      .filter(([key]) => typeof translated[key] === 'string')
      .filter(([key, message]) => placeholders(String(message)).join() !== placeholders(String(translated[key])).join())
      .map(([key, message]) => ({ key, en: placeholders(String(message)), [language]: placeholders(String(translated[key])) }));
    expect(mismatches).toEqual([]);
  });
});

describe('e-mail templates', () => {
  const templates = directories(TEMPLATES).filter((name) => name !== '_layout');
  const read = (template: string, language: string, part: string) => readFileSync(join(TEMPLATES, template, language, part), 'utf8');
  const variablesOf = (template: string, language: string) =>
    variables(TEMPLATE_PARTS.map((part) => read(template, language, part)).join('\n'));

  it('finds the templates', () => {
    expect(templates.length).toBeGreaterThan(0);
  });

  it.each(templates)('%s has an English version to fall back to', (template) => {
    expect(directories(join(TEMPLATES, template))).toContain(FALLBACK_LANGUAGE);
  });

  const versions = templates.flatMap((template) =>
    directories(join(TEMPLATES, template)).map((language) => [template, language] as [string, string]),
  );

  it.each(versions)('%s/%s has a subject, an HTML and a text part', (template, language) => {
    const missing = TEMPLATE_PARTS.filter((part) => !existsSync(join(TEMPLATES, template, language, part)));
    expect(missing).toEqual([]);
  });

  it.each(versions.filter(([, language]) => language !== FALLBACK_LANGUAGE))(
    '%s/%s uses the same {{variables}} as English',
    (template, language) => {
      expect(variablesOf(template, language)).toEqual(variablesOf(template, FALLBACK_LANGUAGE));
    },
  );
});
