import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  /** Another origin than the Parley server's, as a brand's website is. */
  url: string;
  /** How many times the page asked its backend for credentials. */
  tokenCalls(): number;
  close(): Promise<void>;
}

/** The brand's website: the page at `/`, its script at `/app.js`, and `POST /token` minting credentials. */
export async function startPageServer(script: string, credentials: () => Promise<string>): Promise<PageServer> {
  let calls = 0;
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><div id="root"></div><script src="/app.js"></script></body></html>';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    if (path === '/token' && request.method === 'POST') {
      calls++;
      credentials().then(
        (token) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token })),
        () => response.writeHead(500).end(),
      );
    } else if (path === '/app.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    // Chromium asks for it: no 404 in the page's console.
    else if (path === '/favicon.ico') response.writeHead(204).end();
    else if (path === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokenCalls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
