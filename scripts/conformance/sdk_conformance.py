#!/usr/bin/env python3
"""Drive `moongate emulator` with the official Python SDK (alibabacloud-cloudapi20160714 4.9.0).

Usage: sdk_conformance.py PORT ACCESS_KEY_ID ACCESS_KEY_SECRET [CA_FILE]

With CA_FILE the emulator serves HTTPS: the SDK connects with protocol "https" and verifies the emulator's
certificate against CA_FILE (its `ca` option; verification stays on).

Runs the backend lifecycle (create backend -> create model -> describe -> modify model -> update task ->
delete model -> delete backend) and a product attach/describe/detach, once per signature mode (V3,
the default, and V1 via signature_algorithm='v2'), asserting that the SDK parses every response into
its models with the expected values. Then checks that a wrong secret is refused with
SignatureDoesNotMatch. Expects the emulator to run with scripts/examples/emulator-seed.json.
Prints one line per check and a summary `conformance: N passed, M failed`; exits 1 on any failure.
"""
import json
import sys
import traceback
import uuid

from alibabacloud_cloudapi20160714 import models as m
from alibabacloud_cloudapi20160714.client import Client
from alibabacloud_tea_openapi import utils_models as open_api_models

SEED_API_ID = "3b81fd160f5645e097cc8855d75a1cf6"   # ListOrders, published to RELEASE and TEST
SEED_API_NAME = "ListOrders"
SEED_GROUP_NAME = "shop"


CA_FILE = sys.argv[4] if len(sys.argv) > 4 else None


def client(port, key_id, secret, algorithm=None, token=None):
    config = open_api_models.Config(
        access_key_id=key_id, access_key_secret=secret, security_token=token,
        endpoint=f"127.0.0.1:{port}", protocol="https" if CA_FILE else "http", ca=CA_FILE,
        region_id="cn-hangzhou")
    if algorithm:
        config.signature_algorithm = algorithm
    return Client(config)


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def backend_lifecycle(api, mode):
    name = f"conformance {mode} {uuid.uuid4().hex[:8]}"   # a space: '+' on the wire, %20 when signed
    created = api.create_backend(m.CreateBackendRequest(
        backend_name=name, backend_type="HTTP", description="a*b~c/d 测试", create_slr=True,
        tag=[m.CreateBackendRequestTag(key="env", value="conformance")]))
    backend_id = created.body.backend_id
    expect(isinstance(backend_id, str) and len(backend_id) == 32, f"BackendId is 32 hex: {backend_id!r}")
    expect(created.body.request_id, "CreateBackend has a RequestId")

    model = api.create_backend_model(m.CreateBackendModelRequest(
        backend_id=backend_id, backend_type="HTTP", stage_name="RELEASE", description="release model",
        backend_model_data=json.dumps({"ServiceAddress": "http://10.0.0.1:8080", "ServiceTimeout": 3000})))
    model_id = model.body.backend_model_id
    expect(isinstance(model_id, str) and len(model_id) == 32, f"BackendModelId is 32 hex: {model_id!r}")

    info = api.describe_backend_info(m.DescribeBackendInfoRequest(backend_id=backend_id)).body.backend_info
    expect(info.backend_id == backend_id and info.backend_name == name, "DescribeBackendInfo id/name")
    expect(info.backend_type == "HTTP" and info.description == "a*b~c/d 测试", "DescribeBackendInfo type/description")
    expect(info.created_time and info.created_time.endswith("Z"), f"CreatedTime format: {info.created_time!r}")
    expect(len(info.backend_models) == 1, "one backend model")
    bm = info.backend_models[0]
    expect(bm.backend_model_id == model_id and bm.stage_name == "RELEASE", "model id/stage")
    expect(bm.backend_config.service_address == "http://10.0.0.1:8080", "BackendConfig.ServiceAddress")
    expect(bm.backend_config.service_timeout == 3000, "BackendConfig.ServiceTimeout is an integer")
    expect(bm.backend_config.type == "HTTP", "BackendConfig.Type")

    listed = api.describe_backend_list(m.DescribeBackendListRequest(
        backend_name=f"conformance {mode}*", page_number=1, page_size=10)).body
    expect(any(b.backend_id == backend_id for b in listed.backend_info_list), "DescribeBackendList finds it")
    expect(listed.total_count >= 1 and listed.page_size == 10, "DescribeBackendList paging fields")
    mine = next(b for b in listed.backend_info_list if b.backend_id == backend_id)
    expect([(t.key, t.value) for t in mine.tags] == [("env", "conformance")], "DescribeBackendList tags")

    modified = api.modify_backend_model(m.ModifyBackendModelRequest(
        backend_id=backend_id, backend_model_id=model_id, stage_name="RELEASE",
        backend_model_data=json.dumps({"ServiceAddress": "http://10.0.0.2:9090"})))
    operation_id = modified.body.operation_id
    expect(isinstance(operation_id, str) and len(operation_id) == 32, "ModifyBackendModel OperationId")
    task = api.describe_update_backend_task(m.DescribeUpdateBackendTaskRequest(operation_uid=operation_id)).body
    expect(task.api_update_backend_results is not None, "DescribeUpdateBackendTask parses")
    info = api.describe_backend_info(m.DescribeBackendInfoRequest(backend_id=backend_id)).body.backend_info
    expect(info.backend_models[0].backend_config.service_address == "http://10.0.0.2:9090", "model was modified")

    deleted = api.delete_backend_model(m.DeleteBackendModelRequest(
        backend_id=backend_id, backend_model_id=model_id, stage_name="RELEASE"))
    expect(deleted.body.operation_id and deleted.body.request_id, "DeleteBackendModel OperationId")
    expect(api.delete_backend(m.DeleteBackendRequest(backend_id=backend_id)).body.request_id, "DeleteBackend")
    try:
        api.describe_backend_info(m.DescribeBackendInfoRequest(backend_id=backend_id))
        raise AssertionError("a deleted backend is still described")
    except AssertionError:
        raise
    except Exception as error:  # the SDK raises ClientException for 4xx
        expect(getattr(error, "code", None) == "NotFoundBackend", f"NotFoundBackend after delete, got {error}")


def product_attach_detach(api, mode):
    product_id = f"conformance-{mode}-{uuid.uuid4().hex[:8]}"
    attached = api.attach_api_product(m.AttachApiProductRequest(
        api_product_id=product_id,
        apis=[m.AttachApiProductRequestApis(api_id=SEED_API_ID, stage_name="RELEASE"),
              m.AttachApiProductRequestApis(api_id=SEED_API_ID, stage_name="TEST")]))
    expect(attached.body.request_id, "AttachApiProduct RequestId")
    apis = api.describe_api_product_apis(m.DescribeApiProductApisRequest(api_product_id=product_id)).body
    expect(apis.total_count == 2, f"two attached (api, stage) pairs, got {apis.total_count}")
    infos = apis.api_info_list.api_info
    expect(sorted(i.stage_name for i in infos) == ["RELEASE", "TEST"], "attached stages")
    expect(all(i.api_name == SEED_API_NAME and i.group_name == SEED_GROUP_NAME for i in infos), "API names from the seed")
    api.detach_api_product(m.DetachApiProductRequest(
        api_product_id=product_id, apis=[m.DetachApiProductRequestApis(api_id=SEED_API_ID, stage_name="TEST")]))
    apis = api.describe_api_product_apis(m.DescribeApiProductApisRequest(api_product_id=product_id)).body
    expect(apis.total_count == 1 and apis.api_info_list.api_info[0].stage_name == "RELEASE", "detached TEST")
    api.delete_api_product(m.DeleteApiProductRequest(api_product_id=product_id))


def wrong_secret(port, key_id):
    api = client(port, key_id, "not-the-secret")
    try:
        api.describe_backend_list(m.DescribeBackendListRequest())
    except Exception as error:
        expect(getattr(error, "code", None) == "SignatureDoesNotMatch", f"expected SignatureDoesNotMatch, got {error}")
        return
    raise AssertionError("a request signed with a wrong secret was accepted")


def main():
    port, key_id, secret = sys.argv[1], sys.argv[2], sys.argv[3]
    checks = [
        ("V3 (ACS3-HMAC-SHA256) backend lifecycle", lambda: backend_lifecycle(client(port, key_id, secret), "v3")),
        ("V3 product attach/detach", lambda: product_attach_detach(client(port, key_id, secret), "v3")),
        ("V1 (signature_algorithm='v2') backend lifecycle",
         lambda: backend_lifecycle(client(port, key_id, secret, "v2"), "v1")),
        ("V1 product attach/detach", lambda: product_attach_detach(client(port, key_id, secret, "v2"), "v1")),
        ("V3 with an STS token", lambda: product_attach_detach(client(port, key_id, secret, token="sts-token/+="), "sts")),
        ("wrong secret is refused with SignatureDoesNotMatch", lambda: wrong_secret(port, key_id)),
    ]
    passed = failed = 0
    scheme = "https" if CA_FILE else "http"
    for name, check in checks:
        name = f"{name} ({scheme})"
        try:
            check()
            passed += 1
            print(f"ok   {name}")
        except Exception as error:
            failed += 1
            print(f"FAIL {name}: {error}")
            traceback.print_exc(limit=3)
    print(f"conformance ({scheme}): {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
