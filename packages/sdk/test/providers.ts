import type { LiveServer } from '../../../test/fixtures/live-server.js';
import type { AuthenticationProvider, ParleyStorage } from '../src/index.js';

/** A provider minting fresh credentials for `userId` on every call, counting its calls. */
export function securedProvider(server: LiveServer, userId: string): AuthenticationProvider & { calls: number } {
  const provider = Object.assign(
    async () => {
      provider.calls++;
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION' as const, token: await server.credentials(userId) } };
    },
    { calls: 0 },
  );
  return provider;
}

export const anonymousProvider: AuthenticationProvider = () => ({ authenticationOption: { type: 'ANONYMOUS' } });

/** The session the SDK stored for a project. */
export function storedSession(storage: ParleyStorage, projectId: string): { vuid: string; token: string; authenticated: boolean } | null {
  const raw = storage.get(`parley:${projectId}:session`);
  return raw === null ? null : (JSON.parse(raw) as { vuid: string; token: string; authenticated: boolean });
}

/** A backoff that records the retries instead of sleeping. */
export function recordingBackoff() {
  const retries: { retry: number; code: string }[] = [];
  return {
    retries,
    backoff: async (retry: number, code: string) => {
      retries.push({ retry, code });
    },
  };
}
