/** The stream of a name, built on a fixture. */
import { credentialsStream } from '../streams/credentials-stream.js';
import { graphqlStream } from '../streams/graphql-stream.js';
import { realtimeStream } from '../streams/realtime-stream.js';
import type { Fixture } from './fixture.js';
import type { FuzzStream, StreamName } from './stream.js';

export async function makeStream(name: StreamName, fixture: Fixture, serverAlive: () => boolean): Promise<FuzzStream<unknown>> {
  switch (name) {
    case 'graphql':
      return (await graphqlStream(fixture, serverAlive)) as FuzzStream<unknown>;
    case 'realtime':
      return (await realtimeStream(fixture, serverAlive)) as FuzzStream<unknown>;
    case 'credentials':
      return (await credentialsStream(fixture, serverAlive)) as FuzzStream<unknown>;
  }
}
