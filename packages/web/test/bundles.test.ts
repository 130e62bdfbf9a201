import { describe, expect, it } from 'vitest';
import { buildBundle, gzipSize, SIZE_BUDGETS } from '../build/bundles.js';

describe('the browser scripts', () => {
  it.each(Object.entries(SIZE_BUDGETS))('%s stays within its gzip budget of %i bytes', async (name, budget) => {
    const size = await gzipSize(name as keyof typeof SIZE_BUDGETS);
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThanOrEqual(budget);
  });

  it('leaves the widget (Preact, styles) out of the core script', async () => {
    const core = await buildBundle('core');
    const widget = await buildBundle('widget');
    expect(core).not.toContain('parley-widget');
    expect(widget).toContain('parley-widget');
    // Neither carries the reason-code hints: the server's error answers are the authority (and the bytes).
    expect(widget).not.toContain('Add an iss claim');
  });
});
