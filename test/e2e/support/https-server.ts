// A local HTTPS server for one test host whose certificate can be swapped mid-test.
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerCert } from './certs.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  readonly port: number;
  /** Serve `cert` from now on, and drop open connections so the browser must handshake again. */
  setCert(cert: ServerCert): void;
  route(path: string, handler: Route): void;
  /** Drops every open connection: the next request needs a new TLS handshake. */
  closeConnections(): void;
  /** From now on each new TLS connection gets the next of these certificates in turn (by SNI). */
  alternate(certs: ServerCert[]): void;
  close(): Promise<void>;
}

// 1x1 transparent PNG.
export const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export function html(body: string): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>test</title></head><body>${body}</body></html>`);
  };
}

export async function startHttpsServer(cert: ServerCert): Promise<TestServer> {
  const routes = new Map<string, Route>();
  routes.set('/pixel.png', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end(PIXEL);
  });
  routes.set('/', html('<h1>FirstSeen test page</h1>'));
  let turns: SecureContext[] = [];
  let turn = 0;
  const server: Server = createServer({
    cert: cert.chainPem,
    key: cert.keyPem,
    SNICallback: (_name, done) => done(null, turns.length > 0 ? turns[turn++ % turns.length] : undefined),
  }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else {
      res.writeHead(404, { 'cache-control': 'no-store' });
      res.end('not found');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    setCert(next) {
      server.setSecureContext({ cert: next.chainPem, key: next.keyPem });
      server.closeAllConnections();
    },
    route(path, handler) {
      routes.set(path, handler);
    },
    closeConnections() {
      server.closeAllConnections();
    },
    alternate(certs) {
      turns = certs.map((c) => createSecureContext({ cert: c.chainPem, key: c.keyPem }));
      server.closeAllConnections();
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
