// A receiver of Parley's webhooks on node:http, with the standardwebhooks library (npm install standardwebhooks):
// checks each delivery's signature and timestamp, answers 204 at once, and handles each event once.
//
//   PARLEY_WEBHOOK_SECRET=whsec_… PORT=3002 node docs/samples/node/webhook-receiver.mjs
//
// PARLEY_WEBHOOK_SECRET: the endpoint's secret, shown once when the endpoint was made (or its secret rotated).
// Parley sends to https:// URLs only: put this behind your HTTPS reverse proxy.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const webhook = new Webhook(process.env.PARLEY_WEBHOOK_SECRET);
// The webhook-ids already handled: a retry or a redelivery comes again with the same id. In production,
// keep them in your database (a unique column) for a few days, not in memory.
const handled = new Set();

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let event;
    try {
      // The raw body, as received: the signature covers its exact bytes. verify() compares in constant time
      // with each signature of the header and refuses a timestamp more than 5 minutes from now.
      event = webhook.verify(Buffer.concat(chunks), request.headers);
    } catch (error) {
      console.log(`rejected: ${error.message}`);
      response.writeHead(400).end();
      return;
    }
    response.writeHead(204).end(); // answer first: Parley waits 15 s at most, then tries again later
    const id = request.headers['webhook-id'];
    if (handled.has(id)) return;
    handled.add(id);
    console.log(`${event.type} ${id}`); // your work here: queue it, update your CRM…
  });
});

server.listen(Number(process.env.PORT ?? 3002), '127.0.0.1', () => {
  console.log(`webhook receiver on http://127.0.0.1:${server.address().port}/`);
});
