import type { Store } from '../store/open-store.js';

/** Everything that is a user's in a project: their profile, their browsers, and those browsers' anonymous profiles. */
export interface UserFootprint {
  /** The verified profile; null when Parley holds none (never signed in, or erased). */
  userProfileId: string | null;
  /** The vuids of the browsers that signed in as the user. */
  devices: string[];
  /** The user's profile and the anonymous profiles of those browsers: what they wrote before signing in is theirs. */
  profileIds: string[];
}

/**
 * The user's footprint. A browser's anonymous profile is found through its anonymous sessions (a sign-in moves the
 * browser itself to the user's profile). `lock` (PostgreSQL) holds the user's profile row until the transaction
 * ends, so a sign-in of the same user waits for an erasure instead of binding a session to the profile it erases.
 */
export async function userFootprint(store: Store, projectId: string, userId: string, lock = false): Promise<UserFootprint> {
  const { db } = store;
  let profileQuery = db.selectFrom('visitor_profiles').select('id').where('project_id', '=', projectId).where('user_id', '=', userId);
  if (lock && store.dialect === 'postgres') profileQuery = profileQuery.forUpdate();
  const userProfile = await profileQuery.executeTakeFirst();
  const devices = (
    await db
      .selectFrom('visitor_sessions')
      .select('vuid')
      .distinct()
      .where('project_id', '=', projectId)
      .where((eb) => eb.or([eb('user_id', '=', userId), ...(userProfile ? [eb('profile_id', '=', userProfile.id)] : [])]))
      .execute()
  ).map((row) => row.vuid);
  const anonymous = devices.length
    ? (
        await db
          .selectFrom('visitor_sessions')
          .innerJoin('visitor_profiles', 'visitor_profiles.id', 'visitor_sessions.profile_id')
          .select('visitor_profiles.id')
          .distinct()
          .where('visitor_sessions.project_id', '=', projectId)
          .where('visitor_sessions.vuid', 'in', devices)
          .where('visitor_profiles.user_id', 'is', null)
          .execute()
      ).map((row) => row.id)
    : [];
  return {
    userProfileId: userProfile?.id ?? null,
    devices,
    profileIds: [...new Set([...(userProfile ? [userProfile.id] : []), ...anonymous])],
  };
}
