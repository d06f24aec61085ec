"""Makes a compact JWE with Python's jwcrypto (Debian's python3-jwcrypto), an implementation
independent of every JavaScript library the package is tested with.

Reads one JSON object on stdin:
  { "publicKeyPem": str, "plaintext": str, "alg": "RSA-OAEP-256" | "RSA-OAEP", "kid": str,
    "signWithPem": str | null }
and prints the compact JWE. With signWithPem the plaintext is first signed (compact RS256 JWS)
with that private key, as JusBiz signs what it encrypts.
"""
import json
import sys

from jwcrypto import jwe, jwk, jws


def main() -> None:
    request = json.load(sys.stdin)
    plaintext = request["plaintext"]
    if request.get("signWithPem"):
        signer = jwk.JWK.from_pem(request["signWithPem"].encode())
        token = jws.JWS(plaintext.encode())
        token.add_signature(signer, alg="RS256", protected=json.dumps({"alg": "RS256"}))
        plaintext = token.serialize(compact=True)
    recipient = jwk.JWK.from_pem(request["publicKeyPem"].encode())
    header = {"alg": request["alg"], "enc": "A256GCM", "kid": request["kid"]}
    token = jwe.JWE(plaintext.encode(), protected=json.dumps(header))
    token.add_recipient(recipient)
    sys.stdout.write(token.serialize(compact=True))


if __name__ == "__main__":
    main()
