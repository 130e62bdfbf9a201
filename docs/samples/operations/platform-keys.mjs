// Platform key rotation from the command line, through the GraphQL API (the admin console's
// Platform keys page does the same). An admin's sign-in; only fetch is used (Node 18 or later).
//
//   export PARLEY_URL=https://chat.example.com PARLEY_ADMIN_EMAIL=… PARLEY_ADMIN_PASSWORD=…
//   node platform-keys.mjs list            the active keys, current first (= /.well-known/jwks.json)
//   node platform-keys.mjs rotate          a new current key; the previous one stays accepted
//   node platform-keys.mjs usage [HOURS]   successful sign-ins per platform key, last HOURS (24)
//   node platform-keys.mjs retire KID      stop accepting an old key
const url = (process.env.PARLEY_URL ?? 'http://localhost:8080').replace(/\/$/, '');

async function adminBearer() {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      username: process.env.PARLEY_ADMIN_EMAIL,
      password: process.env.PARLEY_ADMIN_PASSWORD,
    }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`POST /oauth2/token: HTTP ${response.status} ${body.error}`);
  return body.access_token;
}

let bearer = null;

async function gql(query, variables = {}) {
  bearer ??= await adminBearer();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const { data, errors } = await response.json();
  if (errors) throw new Error(errors.map((error) => `${error.extensions?.name}: ${error.message}`).join('; '));
  return data;
}

/** Every node of a connection, page after page, while `keep(node)` holds. */
async function* pages(query, variables, pick, keep = () => true) {
  let after = null;
  for (;;) {
    const connection = pick(await gql(query, { ...variables, after }));
    for (const { node } of connection.edges) {
      if (!keep(node)) return;
      yield node;
    }
    if (!connection.pageInfo.hasNextPage) return;
    after = connection.pageInfo.endCursor;
  }
}

const [command, argument] = process.argv.slice(2);
if (command === 'list') {
  const { platformKeys } = await gql('{ platformKeys { kid current createdAt } }');
  for (const key of platformKeys) console.log(`${key.kid}  ${key.current ? 'current' : 'active '}  created ${key.createdAt}`);
} else if (command === 'rotate') {
  const { platformKeyRotate } = await gql('mutation { platformKeyRotate { platformKey { kid } } }');
  console.log(`new current key ${platformKeyRotate.platformKey.kid}`);
} else if (command === 'usage') {
  const since = new Date(Date.now() - Number(argument ?? 24) * 3600_000).toISOString();
  const counts = new Map((await gql('{ platformKeys { kid } }')).platformKeys.map((key) => [key.kid, 0]));
  const projects = pages(
    'query($after: String) { projects(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
    {},
    (data) => data.projects,
  );
  for await (const project of projects) {
    const events = pages(
      `query($projectId: ID!, $after: String) {
        authenticationEvents(projectId: $projectId, outcome: SUCCESS, first: 100, after: $after) {
          edges { node { time platformKeyId } } pageInfo { hasNextPage endCursor }
        }
      }`,
      { projectId: project.id },
      (data) => data.authenticationEvents,
      (event) => event.time >= since, // newest first: stop at the first older one
    );
    for await (const event of events) counts.set(event.platformKeyId, (counts.get(event.platformKeyId) ?? 0) + 1);
  }
  for (const [kid, count] of counts) console.log(`${kid}  ${count} sign-in(s) since ${since}`);
} else if (command === 'retire' && argument) {
  const { platformKeyRetire } = await gql('mutation($kid: String!) { platformKeyRetire(input: { kid: $kid }) { platformKey { kid } } }', {
    kid: argument,
  });
  console.log(`retired ${platformKeyRetire.platformKey.kid}`);
} else {
  console.error('usage: platform-keys.mjs list | rotate | usage [HOURS] | retire KID');
  process.exit(2);
}
