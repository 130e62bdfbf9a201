import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/stores.js';

describe.each(DIALECTS)('an operator’s read of a conversation deleted meanwhile on %s', (dialect) => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await openTestApp(dialect);
  });
  afterAll(() => testApp.dispose());

  it('answers NOT_FOUND, as for any conversation that is not there (retention or an erasure deleted it)', async () => {
    const { projects, visitors, conversations, operators, readState, store } = testApp.services;
    const project = await projects.create('Reads');
    const operator = await operators.create({ email: 'reader@parley.test', password: 'a long enough password', role: 'admin' });
    const visitor = await visitors.createAnonymous(project.id);
    const conversation = await conversations.ensureOpen(project.id, visitor.profileId);
    // Read by the caller, then deleted before the read is stored.
    await store.db.deleteFrom('conversations').where('id', '=', conversation.id).execute();
    await expect(readState.markRead(operator.id, conversation, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
