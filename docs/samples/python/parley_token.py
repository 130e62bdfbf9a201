"""Credentials for one user, made with jwcrypto; prints the JWE on stdout.

    BRAND_PRIVATE_KEY_FILE=brand-keys/private.pem PLATFORM_KEY_FILE=platform-jwks.json \
      python3 parley_token.py user-42 '{"firstName": "Ada"}'

BRAND_PRIVATE_KEY_FILE: your brand private key (PEM).
PLATFORM_KEY_FILE: Parley's public key: the JWKS saved from /.well-known/jwks.json (its first key
is the current one), one JWK, or a PEM public key.
BRAND_KEY_ID (optional): the kid of your brand key, put in the JWS header.
Debian: apt-get install python3-jwcrypto; elsewhere: pip install jwcrypto.
(Not named token.py: that would hide the standard library's token module.)
"""
import json
import os
import secrets
import sys
import time

from jwcrypto import jwk, jwt

ISSUER = "https://livechat.iadvize.com"  # one of the project's accepted issuers
LIFETIME_SECONDS = 60  # at most the project's max token lifetime


def load_brand_key(path):
    with open(path, "rb") as handle:
        return jwk.JWK.from_pem(handle.read())


def load_platform_key(path):
    """The key to encrypt for, and its kid when the file says it."""
    with open(path, "rb") as handle:
        data = handle.read()
    if not data.lstrip().startswith(b"{"):
        return jwk.JWK.from_pem(data), None
    document = json.loads(data)
    key = document["keys"][0] if "keys" in document else document
    return jwk.JWK(**key), key.get("kid")


def create_credentials(user_id, visitor_data, brand_key, platform_key, platform_kid=None, brand_kid=None):
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "iat": now,
        "exp": now + LIFETIME_SECONDS,
        "jti": secrets.token_urlsafe(16),  # random: credentials are single use
        "https://iadvize.com/userId": user_id,
    }
    if visitor_data:
        claims["https://iadvize.com/visitorData"] = visitor_data
    jws_header = {"alg": "RS256", "typ": "JWT"}
    if brand_kid:
        jws_header["kid"] = brand_kid
    signed = jwt.JWT(header=jws_header, claims=claims)
    signed.make_signed_token(brand_key)

    jwe_header = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "JWT"}
    if platform_kid:
        jwe_header["kid"] = platform_kid
    encrypted = jwt.JWT(header=jwe_header, claims=signed.serialize())
    encrypted.make_encrypted_token(platform_key)
    return encrypted.serialize()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: parley_token.py USER_ID [VISITOR_DATA_JSON]")
    platform_key, platform_kid = load_platform_key(os.environ["PLATFORM_KEY_FILE"])
    print(
        create_credentials(
            user_id=sys.argv[1],
            visitor_data=json.loads(sys.argv[2]) if len(sys.argv) > 2 else None,
            brand_key=load_brand_key(os.environ["BRAND_PRIVATE_KEY_FILE"]),
            platform_key=platform_key,
            platform_kid=platform_kid,
            brand_kid=os.environ.get("BRAND_KEY_ID"),
        )
    )
