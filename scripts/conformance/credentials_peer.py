#!/usr/bin/env python3
"""The official credentials package against the emulator's STS, then the official SDK with what it got.

Usage: credentials_peer.py PORT ACCESS_KEY_ID ACCESS_KEY_SECRET CA_FILE

alibabacloud-credentials' RamRoleArnCredentialsProvider assumes acs:ram::1234567890123456:role/ops (seeded by
scripts/examples/emulator-seed.json) at https://127.0.0.1:PORT, verifying the emulator's certificate against
CA_FILE (given as SSL_CERT_FILE by run.sh: the provider has no CA option, and Python's default context reads it).
Its STS credentials must be an `STS.` key with a token and a future expiration; the CloudAPI SDK then creates a
backend with them and reads it back. A second, unknown role must be refused with EntityNotExist.Role.
Prints one line per check; exits 1 on any failure.
"""
import logging
import sys
import time
import traceback
import uuid

from alibabacloud_cloudapi20160714 import models as m
from alibabacloud_cloudapi20160714.client import Client
from alibabacloud_credentials.provider import RamRoleArnCredentialsProvider
from alibabacloud_tea_openapi import utils_models as open_api_models

PORT, KEY_ID, SECRET, CA_FILE = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
ROLE = "acs:ram::1234567890123456:role/ops"


def provider(role):
    return RamRoleArnCredentialsProvider(
        access_key_id=KEY_ID, access_key_secret=SECRET, role_arn=role, role_session_name="python-peer",
        sts_endpoint=f"127.0.0.1:{PORT}")


def assume_and_create():
    creds = provider(ROLE).get_credentials()
    key, token = creds.get_access_key_id(), creds.get_security_token()
    assert key.startswith("STS."), f"an STS key: {key!r}"
    assert token, "a SecurityToken"
    assert creds.get_expiration() > time.time() + 600, f"expires later: {creds.get_expiration()}"
    api = Client(open_api_models.Config(
        access_key_id=key, access_key_secret=creds.get_access_key_secret(), security_token=token,
        endpoint=f"127.0.0.1:{PORT}", protocol="https", ca=CA_FILE, region_id="cn-hangzhou"))
    name = f"peer-{uuid.uuid4().hex[:8]}"
    backend_id = api.create_backend(m.CreateBackendRequest(backend_name=name, backend_type="HTTP")).body.backend_id
    info = api.describe_backend_info(m.DescribeBackendInfoRequest(backend_id=backend_id)).body.backend_info
    assert info.backend_name == name, f"read back {info.backend_name!r}"


def unknown_role_refused():
    logging.disable(logging.ERROR)  # the package logs the refusal's traceback before raising it
    try:
        provider("acs:ram::1234567890123456:role/nobody").get_credentials()
    except Exception as error:  # the package raises CredentialException with the service's body
        assert "EntityNotExist.Role" in str(error), str(error)
        return
    raise AssertionError("an unknown role was assumed")


failures = 0
for name, check in [("alibabacloud-credentials RamRoleArn via the emulator's STS, then the SDK creates a backend (https)",
                     assume_and_create),
                    ("alibabacloud-credentials: an unknown role is EntityNotExist.Role (https)", unknown_role_refused)]:
    try:
        check()
        print(f"ok   {name}")
    except Exception:
        failures += 1
        print(f"FAIL {name}:\n{traceback.format_exc()}")
sys.exit(1 if failures else 0)
