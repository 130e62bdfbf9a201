import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationId } from '../../src/store/installation-id.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

describe.each(DIALECTS)('installation id on %s', (dialect) => {
  let testStore: TestStore;
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
  });
  afterAll(() => testStore.dispose());

  it('is created once, as a URN, and racing first starts agree on it', async () => {
    const racers = await Promise.all(Array.from({ length: 8 }, () => installationId(testStore.store)));
    expect(racers[0]).toMatch(/^urn:parley:installation:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const id of racers) expect(id).toBe(racers[0]);
    expect(await installationId(testStore.store)).toBe(racers[0]);
  });
});
