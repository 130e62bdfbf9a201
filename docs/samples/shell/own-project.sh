#!/bin/sh
# Your own project on a running Parley (`npm start`), with the command line; run it from the clone.
# First run: makes your brand key pair. Register it in the admin console (docs/quick-start.md),
# then run again with the project id and a project API key:
#
#   PROJECT_ID=… PARLEY_CLIENT_ID=… PARLEY_CLIENT_SECRET=… sh docs/samples/shell/own-project.sh
set -eu
PARLEY_URL=${PARLEY_URL:-http://localhost:8080}
OUT=${OUT_DIR:-./my-project}
mkdir -p "$OUT"

# region keys
# Your brand key pair: private.pem stays in your backend, public.pem goes to the project.
[ -f "$OUT/brand-keys/private.pem" ] || npx parley keys generate --kind brand --out "$OUT/brand-keys"
# endregion

if [ -z "${PROJECT_ID:-}" ]; then
  echo "Now register $OUT/brand-keys/public.pem in the admin console, then run again with PROJECT_ID," \
    "PARLEY_CLIENT_ID and PARLEY_CLIENT_SECRET set."
  exit 0
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
