import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { fromProjectRoot } from '@mosaic/config';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  language: string;
}

const FALLBACK_LANGUAGE = 'en';
type Compiled = Handlebars.TemplateDelegate;

/**
 * E-mail templates live in libs/mail/templates/<template>/<language>/{subject,html,text}.hbs and are
 * wrapped by _layout/html.hbs. A language without its own template falls back to English.
 */
export class MailTemplates {
  private readonly cache = new Map<string, Compiled>();
  private readonly handlebars = Handlebars.create();
  /** Subjects and plain-text bodies are not HTML: escaping would turn "=" in links into "&#x3D;". */
  private readonly plain = new Set(['subject.hbs', 'text.hbs']);

  constructor(private readonly root = fromProjectRoot('libs/mail/templates')) {}

  render(template: string, language: string, data: Record<string, unknown>): RenderedEmail {
    const chosen = existsSync(join(this.root, template, language)) ? language : FALLBACK_LANGUAGE;
    const part = (name: string) => this.compiled(join(this.root, template, chosen, `${name}.hbs`));
    const body = part('html')(data);
    return {
      subject: part('subject')(data).trim(),
      html: this.compiled(join(this.root, '_layout', 'html.hbs'))({ ...data, body, language: chosen }),
      text: part('text')(data),
      language: chosen,
    };
  }

  private compiled(file: string): Compiled {
    let compiled = this.cache.get(file);
    if (!compiled) {
      if (!existsSync(file)) throw new Error(`E-mail template missing: ${file}`);
      const noEscape = this.plain.has(file.slice(file.lastIndexOf('/') + 1));
      compiled = this.handlebars.compile(readFileSync(file, 'utf8'), { strict: true, noEscape });
      this.cache.set(file, compiled);
    }
    return compiled;
  }
}
