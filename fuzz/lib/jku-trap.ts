/** An HTTP listener that jku and x5u headers point at: the server must never fetch them (spec §2.1), so it counts every request. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Trap {
  url: string;
  readonly hits: string[];
  close(): Promise<void>;
}

export async function openTrap(): Promise<Trap> {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
