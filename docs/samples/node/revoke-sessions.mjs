// Back-channel logout: ends every Parley session of a user (all devices), from the brand's backend.
// Call it when the user signs out everywhere, changes password, or the account is closed.
//
//   PARLEY_URL=https://chat.example.com PARLEY_PROJECT_ID=… PARLEY_CLIENT_ID=… PARLEY_CLIENT_SECRET=… \
//     node docs/samples/node/revoke-sessions.mjs user-42
//
// The client id and secret are a project API key (admin console → API keys, or projectApiKeyCreate).
// Only fetch is used: Node 18 or later, no dependency.

/** A bearer for the project API key (client_credentials grant), valid 24 hours: cache it, renew it on a 401. */
async function apiBearer({ url, clientId, clientSecret }) {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`POST /oauth2/token: HTTP ${response.status} ${body.error}`);
  return body.access_token;
}

/** visitorSessionsRevoke: answers how many sessions ended. */
async function revokeSessions({ url, bearer, projectId, userId }) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({
      query: `mutation Revoke($projectId: ID!, $userId: String!) {
        visitorSessionsRevoke(input: { projectId: $projectId, userId: $userId }) { revokedCount }
      }`,
      variables: { projectId, userId },
    }),
  });
  const { data, errors } = await response.json();
  if (errors) throw new Error(`visitorSessionsRevoke: ${errors.map((error) => error.extensions?.name ?? error.message).join(', ')}`);
  return data.visitorSessionsRevoke.revokedCount;
}

const userId = process.argv[2];
if (!userId) {
  console.error('usage: revoke-sessions.mjs USER_ID');
  process.exit(2);
}
const url = process.env.PARLEY_URL.replace(/\/$/, '');
const bearer = await apiBearer({ url, clientId: process.env.PARLEY_CLIENT_ID, clientSecret: process.env.PARLEY_CLIENT_SECRET });
const count = await revokeSessions({ url, bearer, projectId: process.env.PARLEY_PROJECT_ID, userId });
console.log(`${count} session(s) of ${userId} ended`);
