import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: Record<string, string>;
  body: string;
  /** The parsed body: `{ type, timestamp, data }`. */
  event: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** What the receiver answers a delivery: an HTTP status, or 'hang' (never answers: a timeout). */
export type Answer = number | 'hang';

/** A brand's webhook receiver on 127.0.0.1: keeps every request it got, answers what `answer` says (200 by default). */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedDelivery[];
  answer: (delivery: ReceivedDelivery) => Answer;
  /** Resolves once `count` deliveries arrived (all of them, in order), or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hooks/parley'): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const hanging = new Set<http.ServerResponse>();
  const receiver: WebhookReceiver = {
    url: '',
    received,
    answer: () => 200,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`${received.length} deliveries arrived within ${timeoutMs} ms, not ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received.slice(0, count);
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      const delivery = { headers, body, event: JSON.parse(body) as ReceivedDelivery['event'] };
      received.push(delivery);
      const answer = request.url === path ? receiver.answer(delivery) : 404;
      if (answer === 'hang') hanging.add(response);
      else response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(receiver, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}` });
  return receiver;
}
