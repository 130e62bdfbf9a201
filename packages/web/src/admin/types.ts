/** A project in the navigation. */
export interface ProjectSummary {
  id: string;
  name: string;
  authenticatedMode: boolean;
}

/** A project's authentication settings (spec §4.1). */
export interface ProjectSettings extends ProjectSummary {
  createdAt: string;
  acceptedIssuers: string[];
  maxTokenLifetimeSeconds: number;
  sessionLifetimeSeconds: number;
  allowAnonymous: boolean;
  allowedOrigins: string[];
  authLogRetentionDays: number;
}

export const PROJECT_SETTINGS_FIELDS =
  'id name createdAt authenticatedMode acceptedIssuers maxTokenLifetimeSeconds sessionLifetimeSeconds allowAnonymous allowedOrigins authLogRetentionDays';

export interface Operator {
  id: string;
  email: string;
  role: 'ADMIN' | 'AGENT';
  disabled: boolean;
  createdAt: string;
}

export type Connection<T> = { edges: { node: T }[] };
