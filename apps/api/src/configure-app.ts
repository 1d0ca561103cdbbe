import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig, fromProjectRoot } from '@mosaic/config';
import { createValidationPipe } from './http/validation';
import { requestContextMiddleware } from './http/request-context.middleware';
import { registerViewHelpers } from './pages/view-helpers';

/** Everything main.ts and the tests both need, so tests run the api exactly as production does. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // Behind TLS in production; on a developer's plain-http machine it would break every form.
          upgradeInsecureRequests: config.isProduction ? [] : null,
        },
      },
    }),
  );
  // Pages are small already; gzip makes them smaller still on 3G.
  app.use(compression());
  app.use(cookieParser());
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: false });
  app.useGlobalPipes(createValidationPipe());
  app.setBaseViewsDir(fromProjectRoot('apps/api/views'));
  app.setViewEngine('hbs');
  registerViewHelpers(app);
  app.enableShutdownHooks();
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: NestExpressApplication) {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Mosaic API')
      .setDescription(
        'Grant administration for small grassroots organisations. Authenticate with POST /api/auth/login and send ' +
          '"Authorization: Bearer <accessToken>". Errors always have the shape { statusCode, code, message, details }.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'accessToken from POST /api/auth/login' }, 'bearer')
      .build(),
  );
  // Public operations say so explicitly: an empty security list.
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { security?: unknown[] }[]) {
      if (typeof operation === 'object' && operation && !operation.security) operation.security = [];
    }
  }
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
