import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { Options } from 'pino-http';
import { AppConfig } from '@mosaic/config';

/** Structured JSON logs; credentials never reach them (bodies are not logged at all). */
export function loggerOptions(config: AppConfig): Params & { pinoHttp: Options } {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id: string }).id,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.query.token'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          // Links in e-mails carry tokens in the query string; keep only the path.
          url: req.url.split('?')[0],
          remoteAddress: req.remoteAddress,
        }),
      },
      customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id: string }).id }),
    },
  };
}
