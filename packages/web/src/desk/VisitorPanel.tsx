import type { VisitorDetails } from './desk-types.js';
import { Padlock } from './Padlock.js';

const FIELDS: [string, string][] = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['email', 'Email'],
  ['phoneNumber', 'Phone'],
  ['address', 'Address'],
  ['zipCode', 'Zip code'],
  ['city', 'City'],
  ['country', 'Country'],
];

/**
 * Who the agent is talking to: a verified user (🔒, userId, what the brand vouched for) or an unverified visitor. Every
 * value from the brand is an isolate (`dir="auto"`, `<bdi>`): a bidi control in it cannot reorder the labels and warnings.
 */
export function VisitorPanel({ visitor }: { visitor: VisitorDetails | null }) {
  if (!visitor) return <aside class="visitor-panel muted">Loading visitor…</aside>;
  if (visitor.erased)
    return (
      <aside class="visitor-panel" aria-label="Visitor">
        <p class="unverified">Erased user</p>
        <p class="muted">This visitor's data and messages were erased at their request. The conversation stays for its counts and times.</p>
      </aside>
    );
  if (visitor.authenticated) {
    const data = FIELDS.filter(([key]) => visitor.visitorData?.[key]);
    return (
      <aside class="visitor-panel" aria-label="Visitor">
        <p class="verified">
          <Padlock /> Verified user
        </p>
        <p class="user-id mono" dir="auto" title="The userId the brand's token vouched for">
          {visitor.userId}
        </p>
        <p class="hint">Identity verified by the brand's signed token.</p>
        {data.length > 0 && (
          <dl>
            {data.map(([key, label]) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd dir="auto">{visitor.visitorData?.[key]}</dd>
              </div>
            ))}
          </dl>
        )}
      </aside>
    );
  }
  return (
    <aside class="visitor-panel" aria-label="Visitor">
      <p class="unverified">Anonymous visitor — not verified</p>
      {visitor.extId ? (
        <p>
          extId <bdi class="mono">{visitor.extId}</bdi> <span class="pill warn">not verified</span>
          <span class="hint"> Set by the brand's page; anyone can change it. Do not share account details on its strength.</span>
        </p>
      ) : (
        <p class="hint">Nothing proves who this is: ask them to sign in on the brand's site before sharing account details.</p>
      )}
    </aside>
  );
}
