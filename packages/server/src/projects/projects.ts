import type { Selectable } from 'kysely';
import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import type { ProjectTable } from '../store/schema.js';
import { type AuthenticationSettings, applySettingsPatch, DEFAULT_SETTINGS } from './project-settings.js';
import { applyWidgetPatch, DEFAULT_WIDGET, type WidgetSettings, widgetFromJson } from './widget-settings.js';

export interface Project {
  id: string;
  name: string;
  settings: AuthenticationSettings;
  widget: WidgetSettings;
  retention: Retention;
  createdAt: string;
}

/** How long the hourly housekeeping keeps a project's data (privacy/retention.ts); null keeps it. */
export interface Retention {
  /** Days after a conversation closed. */
  conversationDays: number | null;
  /** Days after an anonymous profile began, when it has no conversation. */
  anonymousProfileDays: number | null;
}

const MAX_RETENTION_DAYS = 3650;

export interface ProjectDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
}

function fromRow(row: Selectable<ProjectTable>): Project {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    settings: {
      authenticatedMode: Boolean(row.authenticated_mode),
      acceptedIssuers: JSON.parse(row.accepted_issuers) as string[],
      maxTokenLifetimeSeconds: row.max_token_lifetime_seconds,
      sessionLifetimeSeconds: row.session_lifetime_seconds,
      allowAnonymous: Boolean(row.allow_anonymous),
      allowedOrigins: JSON.parse(row.allowed_origins) as string[],
      authLogRetentionDays: row.auth_log_retention_days,
    },
    widget: widgetFromJson(row.widget),
    retention: { conversationDays: row.conversation_retention_days, anonymousProfileDays: row.anonymous_profile_retention_days },
  };
}

function settingsColumns(settings: AuthenticationSettings) {
  return {
    authenticated_mode: settings.authenticatedMode ? 1 : 0,
    accepted_issuers: JSON.stringify(settings.acceptedIssuers),
    max_token_lifetime_seconds: settings.maxTokenLifetimeSeconds,
    session_lifetime_seconds: settings.sessionLifetimeSeconds,
    allow_anonymous: settings.allowAnonymous ? 1 : 0,
    allowed_origins: JSON.stringify(settings.allowedOrigins),
    auth_log_retention_days: settings.authLogRetentionDays,
  };
}

/** How long a node reuses a project it read: settings changed on another node apply within it. */
const CACHE_MS = 1000;

export class Projects {
  private readonly cache = new Map<string, { project: Project; until: number }>();

  constructor(private readonly deps: ProjectDeps) {}

  async create(name: string): Promise<Project> {
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed.length === 0 || trimmed.length > 100)
      throw new ApiError('VALIDATION_FAILED', 'name: give the project a name of 1 to 100 characters');
    const project: Project = {
      id: this.deps.newId(),
      name: trimmed,
      settings: { ...DEFAULT_SETTINGS },
      widget: { ...DEFAULT_WIDGET },
      retention: { conversationDays: null, anonymousProfileDays: null },
      createdAt: this.deps.now().toISOString(),
    };
    await this.deps.store.db
      .insertInto('projects')
      .values({ id: project.id, name: project.name, created_at: project.createdAt, ...settingsColumns(project.settings) })
      .execute();
    return project;
  }

  /** Null for an unknown id, whatever its form. */
  async find(id: string): Promise<Project | null> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) return cached.project;
    const row = await this.deps.store.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const project = fromRow(row);
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(id, { project, until: Date.now() + CACHE_MS });
    return project;
  }

  async get(id: string): Promise<Project> {
    const project = await this.find(id);
    if (!project) throw new ApiError('NOT_FOUND', `no project has id "${id}"`);
    return project;
  }

  async list(): Promise<Project[]> {
    const rows = await this.deps.store.db.selectFrom('projects').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map(fromRow);
  }

  /** Partial update of the authentication settings (projectUpdateAuthentication). */
  async updateSettings(id: string, patch: unknown): Promise<Project> {
    const project = await this.get(id);
    const settings = applySettingsPatch(project.settings, patch);
    await this.deps.store.db.updateTable('projects').set(settingsColumns(settings)).where('id', '=', id).execute();
    this.cache.delete(id);
    return { ...project, settings };
  }

  /** Partial update of the retention (projectUpdateRetention): absent keeps a value, null keeps the data for good. */
  async updateRetention(id: string, patch: Partial<Retention>): Promise<Project> {
    const project = await this.get(id);
    for (const [field, days] of Object.entries(patch))
      if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS))
        throw new ApiError(
          'VALIDATION_FAILED',
          `${field}: a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or null to keep for good`,
        );
    const retention = { ...project.retention, ...patch };
    await this.deps.store.db
      .updateTable('projects')
      .set({ conversation_retention_days: retention.conversationDays, anonymous_profile_retention_days: retention.anonymousProfileDays })
      .where('id', '=', id)
      .execute();
    this.cache.delete(id);
    return { ...project, retention };
  }

  /** Partial update of the widget's appearance and wording (projectUpdateWidget). */
  async updateWidget(id: string, patch: unknown): Promise<Project> {
    const project = await this.get(id);
    const widget = applyWidgetPatch(project.widget, patch);
    await this.deps.store.db
      .updateTable('projects')
      .set({ widget: JSON.stringify(widget) })
      .where('id', '=', id)
      .execute();
    this.cache.delete(id);
    return { ...project, widget };
  }
}
