import { Agent, request } from 'node:http';
import { gzipSync } from 'node:zlib';

export interface Response {
  status: number;
  ms: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/** One keep-alive connection, as a browser tab would reuse. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET with the body read to the end; ms runs from sending the request to the last byte. */
export function get(port: number, path: string, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent, headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export const gzipBytes = (body: Buffer) => gzipSync(body).length;

export function closeAgent() {
  agent.destroy();
}
