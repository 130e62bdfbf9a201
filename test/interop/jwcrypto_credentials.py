"""Interop partner: python3-jwcrypto (Debian). Run with /usr/bin/python3.

  create KEY_DIR USER_ID NOW   -> prints credentials made the way a Python brand backend would
  read   KEY_DIR TOKEN         -> decrypts and verifies Parley's credentials, prints the claims
"""
import json
import sys
import uuid

from jwcrypto import jwe, jwk, jws, jwt


def load(path):
    with open(path, "rb") as handle:
        return jwk.JWK.from_pem(handle.read())


def create(key_dir, user_id, now):
    brand = load(f"{key_dir}/brand.private.pem")
    platform = load(f"{key_dir}/platform.public.pem")
    claims = {
        "iss": "https://livechat.iadvize.com",
        "iat": now,
        "exp": now + 60,
        "jti": uuid.uuid4().hex,
        "https://iadvize.com/userId": user_id,
        "https://iadvize.com/visitorData": {"firstName": "Grace", "city": "Arlington"},
    }
    signed = jwt.JWT(header={"alg": "RS256", "typ": "JWT"}, claims=claims)
    signed.make_signed_token(brand)
    encrypted = jwt.JWT(header={"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "JWT"}, claims=signed.serialize())
    encrypted.make_encrypted_token(platform)
    print(encrypted.serialize())


def read(key_dir, token):
    envelope = jwe.JWE()
    envelope.deserialize(token, key=load(f"{key_dir}/platform.private.pem"))
    if envelope.jose_header.get("alg") != "RSA-OAEP-256" or envelope.jose_header.get("enc") != "A256GCM":
        raise SystemExit(f"unexpected JWE header {envelope.jose_header}")
    inner = jws.JWS()
    inner.deserialize(envelope.payload.decode("utf-8"))
    inner.verify(load(f"{key_dir}/brand.public.pem"), alg="RS256")
    print(json.dumps({"jweHeader": envelope.jose_header, "jwsHeader": inner.jose_header, "claims": json.loads(inner.payload)}))


if __name__ == "__main__":
    if sys.argv[1] == "create":
        create(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        read(sys.argv[2], sys.argv[3])
