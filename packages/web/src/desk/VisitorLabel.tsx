/**
 * How the desk names a visitor: the verified userId, or an unverified extId, or "Anonymous visitor". The ids come from
 * the brand and are shown as isolates (`<bdi>`): a bidi control in them cannot reorder the desk's own words around them.
 */
export function VisitorLabel({
  visitor,
}: {
  visitor: { authenticated: boolean; userId: string | null; extId: string | null; erased?: boolean };
}) {
  if (visitor.erased) return <>Erased user</>;
  if (visitor.authenticated && visitor.userId) return <bdi>{visitor.userId}</bdi>;
  if (visitor.extId)
    return (
      <>
        <bdi>{visitor.extId}</bdi> (unverified)
      </>
    );
  return <>Anonymous visitor</>;
}
