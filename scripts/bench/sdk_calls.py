"""The official Python SDK's side of scripts/bench-calls.sh: N sequential DescribeBackendList calls
against the emulator, over one client (keep-alive), V3 signatures. Prints calls per second."""
import sys, time

from alibabacloud_cloudapi20160714.client import Client
from alibabacloud_cloudapi20160714 import models
from alibabacloud_tea_openapi import models as open_api_models

port, key_id, secret, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = Client(open_api_models.Config(access_key_id=key_id, access_key_secret=secret, region_id="cn-hangzhou",
                                       endpoint=f"127.0.0.1:{port}", protocol="http"))
request = models.DescribeBackendListRequest(page_size=10)
client.describe_backend_list(request)  # warm-up: connection and lazy imports
started = time.perf_counter()
for _ in range(count):
    assert client.describe_backend_list(request).body.total_count >= 0
elapsed = time.perf_counter() - started
print(f"{count / elapsed:.1f}")
