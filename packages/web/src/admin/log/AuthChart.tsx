import { useId } from 'preact/hooks';
import { bucketLabel, type RangeId, type StatsBucket, summarize } from './chart-data.js';

const WIDTH = 600;
const HEIGHT = 160;

/** Attempts over time: stacked bars (success below, failure on top) with a sentence and a data table for screen readers. */
export function AuthChart({ buckets, range }: { buckets: StatsBucket[]; range: RangeId }) {
  const id = useId();
  const max = Math.max(1, ...buckets.map((bucket) => bucket.success + bucket.failure));
  const slot = WIDTH / Math.max(1, buckets.length);
  const bar = Math.max(1, slot * 0.7);
  const y = (count: number) => (count / max) * (HEIGHT - 4);
  const busy = buckets.filter((bucket) => bucket.success + bucket.failure > 0);
  const first = buckets[0];
  const last = buckets.at(-1);
  const summary = summarize(buckets, range);

  return (
    <figure class="chart">
      <figcaption id={id} class="chart-caption">
        {summary}
      </figcaption>
      <div class="chart-plot">
        <span class="chart-max" aria-hidden="true">
          {max}
        </span>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-labelledby={id} focusable="false">
          <title>{summary}</title>
          <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} class="axis" />
          <line x1="0" x2={WIDTH} y1={4} y2={4} class="grid" />
          {buckets.map((bucket, index) => {
            const x = index * slot + (slot - bar) / 2;
            const ok = y(bucket.success);
            const bad = y(bucket.failure);
            return (
              <g key={bucket.start} data-start={bucket.start} data-success={bucket.success} data-failure={bucket.failure}>
                <title>{`${bucketLabel(bucket.start, range)}: ${bucket.success} succeeded, ${bucket.failure} failed`}</title>
                {ok > 0 && <rect class="bar-success" x={x} width={bar} y={HEIGHT - ok} height={ok} />}
                {bad > 0 && <rect class="bar-failure" x={x} width={bar} y={HEIGHT - ok - bad} height={bad} />}
              </g>
            );
          })}
        </svg>
      </div>
      <div class="chart-axis" aria-hidden="true">
        <span>{first && bucketLabel(first.start, range)}</span>
        <span>{last && bucketLabel(last.start, range)}</span>
      </div>
      <p class="chart-legend" aria-hidden="true">
        <span class="swatch success" /> Succeeded <span class="swatch failure" /> Failed
      </p>
      <details class="chart-data">
        <summary>Show the numbers</summary>
        {busy.length === 0 ? (
          <p class="hint">No attempts in this period.</p>
        ) : (
          <table>
            <caption class="sr-only">Attempts per period (periods without attempts left out)</caption>
            <thead>
              <tr>
                <th scope="col">Period starting</th>
                <th scope="col">Succeeded</th>
                <th scope="col">Failed</th>
              </tr>
            </thead>
            <tbody>
              {busy.map((bucket) => (
                <tr key={bucket.start}>
                  <td>{bucketLabel(bucket.start, range)}</td>
                  <td>{bucket.success}</td>
                  <td>{bucket.failure}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </figure>
  );
}
