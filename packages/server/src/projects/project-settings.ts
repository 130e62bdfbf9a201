import {
  DEFAULT_AUTH_LOG_RETENTION_DAYS,
  DEFAULT_ISSUER,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_SESSION_LIFETIME_SECONDS,
} from '@parley/protocol';
import { z } from 'zod';
import { ApiError } from '../errors.js';

/** A project's authentication settings (spec §4.1). */
export interface AuthenticationSettings {
  authenticatedMode: boolean;
  acceptedIssuers: string[];
  maxTokenLifetimeSeconds: number;
  sessionLifetimeSeconds: number;
  allowAnonymous: boolean;
  /** Empty: any origin. */
  allowedOrigins: string[];
  authLogRetentionDays: number;
}

export const DEFAULT_SETTINGS: Readonly<AuthenticationSettings> = Object.freeze({
  authenticatedMode: false,
  acceptedIssuers: [DEFAULT_ISSUER],
  maxTokenLifetimeSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  sessionLifetimeSeconds: DEFAULT_SESSION_LIFETIME_SECONDS,
  allowAnonymous: true,
  allowedOrigins: [],
  authLogRetentionDays: DEFAULT_AUTH_LOG_RETENTION_DAYS,
});

const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be an origin such as https://www.brand.example (scheme, host and optional port; no path)');

const patchSchema = z
  .object({
    authenticatedMode: z.boolean(),
    acceptedIssuers: z.array(z.string().trim().min(1).max(255)).min(1, 'keep at least one accepted issuer').max(20),
    maxTokenLifetimeSeconds: z.number().int().min(1).max(3600),
    sessionLifetimeSeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600),
    allowAnonymous: z.boolean(),
    allowedOrigins: z.array(origin).max(50),
    authLogRetentionDays: z.number().int().min(1).max(365),
  })
  .partial()
  .strict();

export type SettingsPatch = z.infer<typeof patchSchema>;

/** Validates a partial update; absent fields keep their value. */
export function applySettingsPatch(current: AuthenticationSettings, patch: unknown): AuthenticationSettings {
  const parsed = patchSchema.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError('VALIDATION_FAILED', `${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  return { ...current, ...defined };
}
