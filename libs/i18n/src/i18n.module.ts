import { Global, Module } from '@nestjs/common';
import { Translator } from './i18n';

/** One Translator (catalogues read once) for pages, e-mails and domain services. */
@Global()
@Module({
  providers: [{ provide: Translator, useFactory: () => new Translator() }],
  exports: [Translator],
})
export class I18nModule {}
