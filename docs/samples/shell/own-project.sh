#!/bin/sh
# Your own project on the Parley that `npm start` runs, with the command line: docs/quick-start.md's steps in
# one go. Run it from the clone, `npm start` running. With PROJECT_ID, PARLEY_CLIENT_ID and
# PARLEY_CLIENT_SECRET set (a project made in the admin console), it uses that project; without them, it
# makes one through the GraphQL API as the demo admin.
#
#   sh docs/samples/shell/own-project.sh
#   PROJECT_ID=… PARLEY_CLIENT_ID=… PARLEY_CLIENT_SECRET=… sh docs/samples/shell/own-project.sh
set -eu

# region setup
# Where Parley answers (the server of `npm start`), and a directory for your project's files.
PARLEY_URL=http://localhost:8080
OUT=./my-project
mkdir -p "$OUT"
# endregion

# region keys
# Your brand key pair: private.pem stays in your backend, public.pem goes to the project.
[ -f "$OUT/brand-keys/private.pem" ] || npx parley keys generate --kind brand --out "$OUT/brand-keys"
# endregion

if [ -z "${PROJECT_ID:-}" ]; then
  # region project
  # field PATH: prints one field of the JSON answer on stdin (such as data.projectCreate.project.id);
  # when it is missing, prints the whole answer on stderr and fails.
  field() {
    node -e 'let a; try { a = JSON.parse(require("fs").readFileSync(0, "utf8")) } catch { process.exit(1) }
      const v = process.argv[1].split(".").reduce((o, k) => o?.[k], a)
      if (v == null) { console.error(JSON.stringify(a)); process.exit(1) }
      console.log(typeof v === "string" ? v : JSON.stringify(v))' "$1"
  }
  # A bearer for the demo admin, whose login `npm start` keeps in .parley/demo.json.
  ADMIN_TOKEN=$(curl -sS "$PARLEY_URL/oauth2/token" -d grant_type=password -d username=admin@parley.example \
    --data-urlencode "password=$(node -p 'require("./.parley/demo.json").admin.password')" | field access_token)
  # gql QUERY [VARIABLES]: one GraphQL request as that admin; prints the answer.
  gql() {
    curl -sS "$PARLEY_URL/graphql" -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
      -d "$(node -p 'JSON.stringify({ query: process.argv[1], variables: JSON.parse(process.argv[2] || "{}") })' "$1" "${2:-}")"
  }

  # The admin console's four steps: new project, brand key, authenticated mode, API key.
  PROJECT_ID=$(gql 'mutation { projectCreate(input: { name: "My project" }) { project { id } } }' | field data.projectCreate.project.id)
  gql 'mutation($p: ID!, $k: String!) { brandKeyAdd(input: { projectId: $p, publicKey: $k }) { brandKey { fingerprint } } }' \
    "$(node -p 'JSON.stringify({ p: process.argv[1], k: require("fs").readFileSync(process.argv[2], "utf8") })' "$PROJECT_ID" "$OUT/brand-keys/public.pem")" \
    | field data.brandKeyAdd.brandKey
  gql 'mutation($p: ID!) { projectUpdateAuthentication(input: { projectId: $p, authenticatedMode: true }) { project { authenticatedMode } } }' \
    "{\"p\": \"$PROJECT_ID\"}" | field data.projectUpdateAuthentication.project
  API_KEY=$(gql 'mutation($p: ID!) { projectApiKeyCreate(input: { projectId: $p }) { clientId clientSecret } }' "{\"p\": \"$PROJECT_ID\"}" \
    | field data.projectApiKeyCreate)
  PARLEY_CLIENT_ID=$(echo "$API_KEY" | field clientId)
  PARLEY_CLIENT_SECRET=$(echo "$API_KEY" | field clientSecret)
  echo "Project $PROJECT_ID, API key $PARLEY_CLIENT_ID"
  # endregion
fi

# region platform-key
# The platform's current public key: the first key of its JWKS.
curl -fsS "$PARLEY_URL/.well-known/jwks.json" \
  | node -pe 'JSON.stringify(JSON.parse(require("fs").readFileSync(0, "utf8")).keys[0])' > "$OUT/platform.jwk.json"
# endregion

# region token
# Credentials for user-42, as your backend will make them.
JWE=$(npx parley token create --user-id user-42 --visitor-data '{"firstName":"Ada"}' \
  --brand-private-key "$OUT/brand-keys/private.pem" --platform-public-key "$OUT/platform.jwk.json")
# endregion

# region test
# A bearer for the project API key, then the server's own verification (nothing is consumed).
PARLEY_TOKEN=$(curl -fsS "$PARLEY_URL/oauth2/token" -d grant_type=client_credentials \
  --data-urlencode "client_id=$PARLEY_CLIENT_ID" --data-urlencode "client_secret=$PARLEY_CLIENT_SECRET" \
  | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')
export PARLEY_TOKEN
npx parley token test "$JWE" --server "$PARLEY_URL" --project "$PROJECT_ID"
# endregion
