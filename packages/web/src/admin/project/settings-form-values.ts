import type { ProjectSettings } from '../types.js';

/** The settings form as typed: lists one item a line, numbers as text. */
export interface SettingsDraft {
  acceptedIssuers: string;
  maxTokenLifetimeSeconds: string;
  sessionLifetimeSeconds: string;
  allowAnonymous: boolean;
  allowedOrigins: string;
  authLogRetentionDays: string;
}

export type SettingsPatch = Pick<
  ProjectSettings,
  'acceptedIssuers' | 'maxTokenLifetimeSeconds' | 'sessionLifetimeSeconds' | 'allowAnonymous' | 'allowedOrigins' | 'authLogRetentionDays'
>;

export const draftOf = (project: ProjectSettings): SettingsDraft => ({
  acceptedIssuers: project.acceptedIssuers.join('\n'),
  maxTokenLifetimeSeconds: String(project.maxTokenLifetimeSeconds),
  sessionLifetimeSeconds: String(project.sessionLifetimeSeconds),
  allowAnonymous: project.allowAnonymous,
  allowedOrigins: project.allowedOrigins.join('\n'),
  authLogRetentionDays: String(project.authLogRetentionDays),
});

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);

function wholeNumber(text: string, min: number, max: number, what: string): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max)
    return `${what}: enter a whole number of ${min} to ${max}.`;
  return value;
}

function originProblem(value: string): string | null {
  try {
    const url = new URL(value);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value) return null;
    return `Allowed origins: "${value}" is not an origin; write it as ${url.origin === 'null' ? 'https://www.brand.example' : url.origin} (scheme, host, optional port; no path or trailing slash).`;
  } catch {
    return `Allowed origins: "${value}" is not an origin; write it as https://www.brand.example (scheme, host, optional port).`;
  }
}

/** The patch to send, or the first problem with what to do. */
export function parseDraft(draft: SettingsDraft): { patch: SettingsPatch } | { problem: string } {
  const acceptedIssuers = lines(draft.acceptedIssuers);
  if (acceptedIssuers.length === 0)
    return { problem: 'Accepted issuers: keep at least one (the iss your provider sets; the default is https://livechat.iadvize.com).' };
  if (acceptedIssuers.length > 20) return { problem: 'Accepted issuers: keep at most 20.' };
  const long = acceptedIssuers.find((issuer) => issuer.length > 255);
  if (long) return { problem: 'Accepted issuers: shorten each issuer to 255 characters or fewer.' };
  const maxTokenLifetimeSeconds = wholeNumber(draft.maxTokenLifetimeSeconds, 1, 3600, 'Max token lifetime');
  if (typeof maxTokenLifetimeSeconds === 'string') return { problem: maxTokenLifetimeSeconds };
  const sessionLifetimeSeconds = wholeNumber(draft.sessionLifetimeSeconds, 60, 7 * 24 * 3600, 'Session lifetime');
  if (typeof sessionLifetimeSeconds === 'string') return { problem: sessionLifetimeSeconds };
  const allowedOrigins = lines(draft.allowedOrigins);
  if (allowedOrigins.length > 50) return { problem: 'Allowed origins: list at most 50, or leave it empty to allow any origin.' };
  for (const origin of allowedOrigins) {
    const problem = originProblem(origin);
    if (problem) return { problem };
  }
  const authLogRetentionDays = wholeNumber(draft.authLogRetentionDays, 1, 365, 'Log retention');
  if (typeof authLogRetentionDays === 'string') return { problem: authLogRetentionDays };
  return {
    patch: {
      acceptedIssuers,
      maxTokenLifetimeSeconds,
      sessionLifetimeSeconds,
      allowAnonymous: draft.allowAnonymous,
      allowedOrigins,
      authLogRetentionDays,
    },
  };
}
