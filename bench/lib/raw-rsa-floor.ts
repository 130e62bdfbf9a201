import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const { privateDecrypt, createPrivateKey, constants } = require('node:crypto');
const key = createPrivateKey(workerData.pem);
const encryptedKey = Buffer.from(workerData.encryptedKey, 'base64url');
const until = Date.now() + workerData.ms;
let count = 0;
while (Date.now() < until) {
  privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, encryptedKey);
  count++;
}
parentPort.postMessage(count);
`;

/**
 * The floor: raw RSA-OAEP-256 private decryptions per second with node:crypto, one busy
 * worker per core, same key as the pipeline uses.
 */
export async function measureRawRsaDecryptions(pem: string, encryptedKey: string, ms: number): Promise<number> {
  const threads = availableParallelism();
  const counts = await Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(LOOP, { eval: true, workerData: { pem, encryptedKey, ms } });
      return new Promise<number>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  return (counts.reduce((sum, count) => sum + count, 0) * 1000) / ms;
}
