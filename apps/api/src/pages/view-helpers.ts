import { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import { formatMoney } from '@mosaic/applications';
import { translated, Translator } from '@mosaic/i18n';

interface HelperOptions {
  hash: Record<string, unknown>;
  data: { root: { lang?: string } };
}

/** Handlebars helpers for pages: translation, translated maps, money and dates in the reader's language. */
export function registerViewHelpers(app: NestExpressApplication) {
  const translator = app.get(Translator);
  const lang = (options: HelperOptions) => options.data.root.lang ?? 'en';
  hbs.registerHelper('t', (key: string, options: HelperOptions) => translator.t(lang(options), key, options.hash));
  hbs.registerHelper('tr', (map: Record<string, string>, options: HelperOptions) => translated(map, lang(options)));
  hbs.registerHelper('money', (amountMinor: number | null, currency: string, options: HelperOptions) =>
    amountMinor === null || amountMinor === undefined ? '' : formatMoney(Number(amountMinor), currency, lang(options)),
  );
  /**
   * {{date instant timeZone}}: a moment, with its time, where the reader's organisation is.
   * {{date "2027-02-28"}}: a calendar day (a due date), without a time and without shifting a day.
   */
  hbs.registerHelper('date', (value: Date | string | null, ...rest: unknown[]) => {
    const options = rest[rest.length - 1] as HelperOptions;
    const timeZone = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : 'UTC';
    if (!value) return '';
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return new Intl.DateTimeFormat(lang(options), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
    }
    return new Intl.DateTimeFormat(lang(options), { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(value));
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  hbs.registerHelper('country', (code: string, options: HelperOptions) => {
    try {
      return new Intl.DisplayNames([lang(options)], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  });
}
