/** What a provider may answer (spec §7.3). */
export type AuthenticationOption =
  | { type: 'SECURED_AUTHENTICATION'; token: string }
  | { type: 'ANONYMOUS' }
  | { type: 'ANONYMOUS_AUTHENTICATION' };

export interface ProviderAnswer {
  authenticationOption: AuthenticationOption;
}

/** Called on activation, and again whenever fresh credentials are needed. */
export type AuthenticationProvider = () => ProviderAnswer | Promise<ProviderAnswer>;

/** The option of a provider's answer, or null when it is not a valid one. */
export function parseOption(answer: unknown): AuthenticationOption | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const option: unknown = (answer as Record<string, unknown>).authenticationOption;
  if (typeof option !== 'object' || option === null) return null;
  const { type, token } = option as Record<string, unknown>;
  if (type === 'ANONYMOUS' || type === 'ANONYMOUS_AUTHENTICATION') return { type };
  if (type === 'SECURED_AUTHENTICATION' && typeof token === 'string' && token.length > 0) return { type, token };
  return null;
}

/** Calls the provider; a throw, a rejection or an invalid answer all give null. */
export async function askProvider(provider: AuthenticationProvider): Promise<AuthenticationOption | null> {
  try {
    return parseOption(await provider());
  } catch {
    return null;
  }
}

export const isSecured = (option: AuthenticationOption): option is { type: 'SECURED_AUTHENTICATION'; token: string } =>
  option.type === 'SECURED_AUTHENTICATION';
