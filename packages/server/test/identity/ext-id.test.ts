import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { Visitors } from '../../src/identity/visitors.js';
import { Projects } from '../../src/projects/projects.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

/** Issue 13: the unverified extId is kept exactly as the brand wrote it, or refused; never altered by the store. */
describe.each(DIALECTS)('the extId of an anonymous visitor on %s', (dialect) => {
  let testStore: TestStore;
  let visitors: Visitors;
  let projectId: string;
  let ids = 0;

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const deps = { store: testStore.store, now: () => new Date('2026-01-01T00:00:00Z'), newId: () => `id-${++ids}` };
    visitors = new Visitors(deps);
    projectId = (await new Projects(deps).create('Ext ids')).id;
  });
  afterAll(() => testStore.dispose());

  const refusal = async (extId: string) => {
    const visitor = await visitors.createAnonymous(projectId);
    const error = await visitors.setExtId(visitor.profileId, extId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((await visitors.profile(visitor.profileId))?.extId).toBeNull();
    return error as ApiError;
  };

  it('keeps a well-formed extId as written, astral characters and U+FFFD included', async () => {
    const visitor = await visitors.createAnonymous(projectId);
    expect(await visitors.setExtId(visitor.profileId, ' crm-😀-\ufffd ')).toBe(true);
    expect((await visitors.profile(visitor.profileId))?.extId).toBe('crm-😀-\ufffd');
  });

  it('refuses a lone surrogate, which would be stored as U+FFFD', async () => {
    for (const extId of ['crm-\ud800', 'crm-\udfff', '\udc00\ud800'])
      expect(await refusal(extId)).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'extId: holds a lone UTF-16 surrogate (U+D800–U+DFFF outside a pair)',
      });
  });

  it('refuses U+0000 naming the extId', async () => {
    expect(await refusal('crm\u00001')).toMatchObject({ code: 'VALIDATION_FAILED', message: 'extId: holds U+0000 (NUL)' });
  });
});
