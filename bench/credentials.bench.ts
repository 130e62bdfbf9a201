/**
 * npm run bench:credentials — verifications/s of the credentials pipeline on all cores
 * (worker pool), against raw RSA-OAEP-256 decryptions/s on all cores measured in the same run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createVerifierPool, type VerificationInput } from '@parley/server';
import { createCredentials } from '@parley/token';
import { InMemoryReplayStore } from '../packages/server/src/credentials/replay-store.js';
import { checkSingleUse } from '../packages/server/src/credentials/single-use.js';
import { measureRawRsaDecryptions } from './lib/raw-rsa-floor.js';

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 4000);
const DISTINCT_TOKENS = Number(process.env.BENCH_TOKENS ?? 1500);
const IN_FLIGHT = 256;

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const brand = generateKeyPairSync('rsa', { modulusLength: 2048 });
const now = Math.floor(Date.now() / 1000);
const tokens = await Promise.all(
  Array.from({ length: DISTINCT_TOKENS }, (_, i) =>
    createCredentials({
      userId: `user-${i}`,
      visitorData: { firstName: 'Ada', email: `ada${i}@example.com` },
      brandPrivateKey: brand.privateKey,
      platformPublicKey: platform.publicKey,
      issuedAt: now,
    }),
  ),
);
const input = (credentials: string): VerificationInput => ({
  credentials,
  now,
  platformKeys: [{ kid: 'platform-1', privateKey: platform.privateKey }],
  policy: {
    acceptedIssuers: ['https://livechat.iadvize.com'],
    maxTokenLifetimeSeconds: 60,
    brandKeys: [{ id: 'bk1', kid: 'brand-1', publicKey: brand.publicKey }],
  },
});

const pool = createVerifierPool();
async function measurePipeline(ms: number): Promise<number> {
  let done = 0;
  let next = 0;
  const until = performance.now() + ms;
  const lane = async () => {
    while (performance.now() < until) {
      const result = await pool.verify(input(tokens[next++ % tokens.length] as string), { report: false });
      if (!result.ok) throw new Error(`bench token failed: ${result.reason}`);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return (done * 1000) / (performance.now() - started);
}

async function measureSingleUse(): Promise<number> {
  const store = new InMemoryReplayStore(() => now);
  const verified = await pool.verify(input(tokens[0] as string));
  const n = 200_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    if (!verified.ok) break;
    await checkSingleUse({ ...verified, credentials: { ...verified.credentials, signatureDigest: `d${i}`, jti: `j${i}` } }, 'p1', store);
  }
  return ((performance.now() - started) * 1000) / n;
}

const encryptedKey = (tokens[0] as string).split('.')[1] as string;
const pem = platform.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
await measurePipeline(2500); // warm-up: worker start, JIT and the pool reaching steady batches
const rounds: { raw: number; pipeline: number }[] = [];
for (let round = 0; round < 3; round++) {
  const raw = await measureRawRsaDecryptions(pem, encryptedKey, PHASE_MS);
  const pipeline = await measurePipeline(PHASE_MS);
  rounds.push({ raw, pipeline });
}
// Each round's ratio compares phases measured back to back; the median round is reported.
const median = [...rounds].sort((a, b) => a.pipeline / a.raw - b.pipeline / b.raw)[
  Math.floor(rounds.length / 2)
] as (typeof rounds)[number];
const singleUseMicros = await measureSingleUse();
await pool.close();

console.log(
  `cores: ${availableParallelism()}, RSA 2048, ${DISTINCT_TOKENS} distinct tokens, ${IN_FLIGHT} in flight, ${PHASE_MS} ms phases, median of ${rounds.length} rounds`,
);
for (const [i, r] of rounds.entries())
  console.log(`round ${i + 1}: raw ${r.raw.toFixed(0)}/s, pipeline ${r.pipeline.toFixed(0)}/s, ratio ${(r.pipeline / r.raw).toFixed(2)}`);
console.log(`raw RSA-OAEP-256 decryptions/s (all cores): ${median.raw.toFixed(0)}`);
console.log(`pipeline verifications/s (all cores): ${median.pipeline.toFixed(0)}`);
console.log(`single-use check (in-memory, main thread): ${singleUseMicros.toFixed(2)} µs/op`);
console.log(`ratio: ${(median.pipeline / median.raw).toFixed(2)}`);
