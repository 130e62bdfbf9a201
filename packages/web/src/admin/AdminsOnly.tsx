import { LockIcon } from '../widget/icons.js';

/** What an agent sees at /admin: where to go instead. */
export function AdminsOnly() {
  return (
    <section class="card stack admins-only" aria-labelledby="admins-only-title">
      <div class="big-icon">
        <LockIcon size={28} />
      </div>
      <h1 id="admins-only-title">Admins only</h1>
      <p>
        This console is for admins: ask an admin, or open the desk at <a href="/desk">/desk</a>.
      </p>
      <p class="hint">
        Your account is an agent account. Agents answer visitors in the desk; an admin can change your role in Agents if you need to
        configure projects.
      </p>
      <div class="row">
        <a class="button primary" href="/desk">
          Open the desk
        </a>
      </div>
    </section>
  );
}
