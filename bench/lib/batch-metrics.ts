/** The server's group-commit counters, read from its `/metrics` (PARLEY_METRICS_TOKEN set by the bench). */
export interface BatchCounters {
  batches: number;
  messages: number;
  commitSeconds: number;
}

function sample(text: string, name: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

export async function readBatchCounters(url: string, token: string): Promise<BatchCounters> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /metrics: HTTP ${response.status}`);
  const text = await response.text();
  return {
    batches: sample(text, 'parley_message_batch_size_count'),
    messages: sample(text, 'parley_message_batch_size_sum'),
    commitSeconds: sample(text, 'parley_message_batch_commit_seconds_sum'),
  };
}

/** What the batches between two readings came to: how many, their mean size, and the mean time a batch took to commit. */
export function batchLine(before: BatchCounters, after: BatchCounters): string {
  const batches = after.batches - before.batches;
  if (batches <= 0) return 'no message batches';
  const messages = after.messages - before.messages;
  const commitMs = ((after.commitSeconds - before.commitSeconds) * 1000) / batches;
  return `${Math.round(batches).toLocaleString('en-US')} message batches, ${(messages / batches).toFixed(1)} messages each, ${commitMs.toFixed(2)} ms from a batch's start to its commit`;
}
