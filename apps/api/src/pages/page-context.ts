import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AppConfig } from '@mosaic/config';
import { acceptLanguages, isRightToLeft, isSupportedLanguage, Language, LANGUAGE_NAMES, pickLanguage, SUPPORTED_LANGUAGES, Translator } from '@mosaic/i18n';
import { AuthContext, OrganisationEntity, UserEntity } from '@mosaic/identity';
import { Csrf } from '../access/csrf';
import { MosaicRequest } from '../access/access.decorators';

export const LANGUAGE_COOKIE = 'mosaic_lang';

/** What every page template gets: language, direction, the signed-in user, a CSRF token, the language switcher. */
@Injectable()
export class PageContext {
  private readonly logger = new Logger(PageContext.name);

  constructor(
    private readonly csrf: Csrf,
    private readonly translator: Translator,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The page language: an explicit choice (?lang=, remembered in a cookie and on the account), then
   * the user's, then her organisation's, then the browser's, then English.
   */
  async language(req: Request & MosaicRequest, res: Response): Promise<Language> {
    const chosen = typeof req.query.lang === 'string' && isSupportedLanguage(req.query.lang) ? req.query.lang : undefined;
    const auth = req.auth;
    if (chosen) {
      res.cookie(LANGUAGE_COOKIE, chosen, { httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: '/', maxAge: 365 * 86_400_000 });
      if (auth && auth.language !== chosen) {
        await this.dataSource.getRepository(UserEntity).update(auth.userId, { preferredLanguage: chosen });
        auth.language = chosen;
      }
      return chosen;
    }
    const organisationLanguages = auth ? await this.organisationLanguages(auth) : [];
    return pickLanguage([auth?.language, ...organisationLanguages, req.cookies?.[LANGUAGE_COOKIE], ...acceptLanguages(req.header('accept-language'))]);
  }

  private async organisationLanguages(auth: AuthContext): Promise<string[]> {
    const ids = auth.memberships.map((m) => m.organisationId).filter((id): id is string => !!id);
    if (!ids.length) return [];
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOne({ where: { id: ids[0] }, select: { languages: true } });
    return organisation?.languages ?? [];
  }

  /** Renders a page with the common context; `title` is a message key. */
  async render(req: Request & MosaicRequest, res: Response, view: string, data: Record<string, unknown> = {}, status = 200) {
    const lang = await this.language(req, res);
    const switchTo = (code: string) => {
      const query = new URLSearchParams(Object.entries(req.query).filter(([, v]) => typeof v === 'string') as [string, string][]);
      query.set('lang', code);
      return `${req.path}?${query.toString()}`;
    };
    const locals = {
      ...data,
      lang,
      rtl: isRightToLeft(lang),
      title: this.translator.t(lang, String(data.title ?? 'app.name'), (data.titleParams as Record<string, unknown>) ?? {}),
      user: req.auth,
      csrfToken: this.csrf.tokenFor(req, res),
      languages: SUPPORTED_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], href: switchTo(code), current: code === lang })),
    };
    // A template that fails to render is a bug: log it, and answer with the plain error page.
    res.status(status).render(view, locals, (error: Error | null, html?: string) => {
      if (!error) {
        res.send(html);
        return;
      }
      this.logger.error(`Page ${view} failed to render: ${error.stack ?? error.message}`);
      res.status(500).render('error', { ...locals, title: this.translator.t(lang, 'error.title'), errorMessage: this.translator.t(lang, 'error.INTERNAL_ERROR') });
    });
  }

  t(lang: string, key: string, params: Record<string, unknown> = {}) {
    return this.translator.t(lang, key, params);
  }
}
