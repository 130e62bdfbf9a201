import { nodes } from '../../console/api.js';
import type { BrandKeysDocument } from '../../generated/graphql.js';
import { useGql } from '../gql-context.js';
import type { ProjectSettings } from '../types.js';
import { useLoad } from '../use-load.js';
import { AuthModeCard } from './AuthModeCard.js';
import { BrandKeys } from './BrandKeys.js';
import { SettingsForm } from './SettingsForm.js';

const BRAND_KEYS = `query BrandKeys($id: ID!) { project(id: $id) { brandKeys(first: 100, includeRevoked: true) {
  edges { node { id kid fingerprint jwksUrl createdAt lastUsedAt revokedAt } } } } }` as BrandKeysDocument;

/** Authenticated mode, the brand keys that sign credentials, and the verification settings of spec §4.1. */
export function AuthenticationSection({ project, onChanged }: { project: ProjectSettings; onChanged(): void }) {
  const gql = useGql();
  const keys = useLoad(async () => nodes((await gql(BRAND_KEYS, { id: project.id })).project.brandKeys), [gql, project.id]);
  const activeKeys = (keys.data ?? []).filter((key) => !key.revokedAt).length;
  return (
    <div class="stack-lg">
      <AuthModeCard project={project} activeKeys={keys.data ? activeKeys : null} onChanged={onChanged} />
      <BrandKeys projectId={project.id} keys={keys} />
      <SettingsForm key={project.id} project={project} onSaved={onChanged} />
    </div>
  );
}
