import { DEMO_PASSWORD, DEMO_USERS } from './users.js';

export interface PageContext {
  user: string | null;
  parleyUrl: string;
  projectId: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The Parley integration, as the SDK reference documents it: configure, activate on every page load with the brand's
 * token endpoint (401 = nobody signed in = ANONYMOUS), and log Parley out when the brand signs the user out.
 */
const parleySnippet = ({ parleyUrl, projectId }: PageContext) => `<script>
  window.parleyInterface = window.parleyInterface || [];
  parleyInterface.config = { projectId: ${JSON.stringify(projectId)} };
  parleyInterface.push(async (parley) => {
    window.parleyActivation = await parley.activate(async () => {
      const response = await fetch('/parley-token', { method: 'POST' });
      if (response.status === 401) return { authenticationOption: { type: 'ANONYMOUS' } };
      if (!response.ok) throw new Error('token endpoint: HTTP ' + response.status);
      const { token } = await response.json();
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token } };
    });
  });
  document.addEventListener('submit', (event) => {
    if (!event.target.matches('[data-parley-logout]')) return;
    event.preventDefault();
    parleyInterface.push((parley) => parley.logout().finally(() => event.target.submit()));
  });
</script>
<script async src="${escapeHtml(parleyUrl)}/sdk/parley.js"></script>`;

const STYLE = `body{margin:0;font:16px/1.55 Georgia,"Times New Roman",serif;color:#1f2937;background:#fbfaf7}
header{display:flex;align-items:center;gap:16px;padding:16px 28px;background:#1f3b2d;color:#f3efe6}
header a{color:#f3efe6}.logo{font-weight:700;font-size:20px;text-decoration:none;letter-spacing:.02em}
header .spacer{flex:1}header form{margin:0}header button{font:inherit;background:none;border:1px solid #f3efe6;color:#f3efe6;border-radius:6px;padding:4px 12px;cursor:pointer}
main{max-width:960px;margin:0 auto;padding:32px 24px}h1{font-size:34px;margin:0 0 8px}
.products{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:20px;margin-top:28px}
.product{background:#fff;border:1px solid #e7e2d6;border-radius:12px;padding:18px}.product .art{height:120px;border-radius:8px;margin-bottom:12px}
.price{font-weight:700}.card{max-width:380px;background:#fff;border:1px solid #e7e2d6;border-radius:12px;padding:24px}
label{display:block;margin:12px 0 4px}input{font:inherit;width:100%;box-sizing:border-box;padding:8px;border:1px solid #c9c2b3;border-radius:6px}
.primary{margin-top:16px;font:inherit;background:#1f3b2d;color:#fff;border:0;border-radius:6px;padding:8px 18px;cursor:pointer}
.note{color:#6b6456;font-size:14px}.error{color:#9f1d1d}`;

const PRODUCTS = [
  ['Ridge 2 tent', '249 €', 'linear-gradient(135deg,#6b8f71,#2f5d50)'],
  ['Trail boots', '139 €', 'linear-gradient(135deg,#a9744f,#5b3a29)'],
  ['Down jacket', '189 €', 'linear-gradient(135deg,#587b9b,#24425e)'],
] as const;

function layout(context: PageContext, title: string, body: string): string {
  const account = context.user
    ? `<span>Signed in as ${escapeHtml(DEMO_USERS[context.user]?.name ?? context.user)}</span>
       <form method="post" action="/sign-out" data-parley-logout><button type="submit">Sign out</button></form>`
    : '<a href="/sign-in">Sign in</a>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Acme Outdoor</title><style>${STYLE}</style></head>
<body><header><a class="logo" href="/">Acme Outdoor</a><span class="spacer"></span>${account}</header>
<main>${body}</main>
${parleySnippet(context)}
</body></html>`;
}

export function homePage(context: PageContext): string {
  const greeting = context.user
    ? `Welcome back, ${escapeHtml(DEMO_USERS[context.user]?.visitorData?.firstName ?? context.user)}. When you chat, our team sees that it is really you.`
    : 'Sign in to chat as yourself; anyone can chat anonymously.';
  const products = PRODUCTS.map(
    ([name, price, art]) =>
      `<article class="product"><div class="art" style="background:${art}"></div><h3>${name}</h3><p class="price">${price}</p></article>`,
  ).join('');
  return layout(context, 'Home', `<h1>Gear for the trail</h1><p>${greeting}</p><div class="products">${products}</div>`);
}

export function signInPage(context: PageContext, error = false): string {
  const users = Object.keys(DEMO_USERS).join(' or ');
  return layout(
    context,
    'Sign in',
    `<div class="card"><h1>Sign in</h1>
     ${error ? '<p class="error" role="alert">Unknown user or wrong password.</p>' : ''}
     <form method="post" action="/sign-in">
       <label for="user">User</label><input id="user" name="user" autocomplete="username" required>
       <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
       <button class="primary" type="submit">Sign in</button>
     </form>
     <p class="note">Demo users: ${users}, password “${DEMO_PASSWORD}”.</p></div>`,
  );
}
