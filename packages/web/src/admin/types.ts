import type { ProjectListQuery, ProjectSettingsQuery, ViewerQuery } from '../generated/graphql.js';

/** A project in the navigation. */
export type ProjectSummary = ProjectListQuery['projects']['edges'][number]['node'];

/** A project's authentication settings (spec §4.1). */
export type ProjectSettings = ProjectSettingsQuery['project'];

export type Operator = NonNullable<ViewerQuery['viewer']['operator']>;
