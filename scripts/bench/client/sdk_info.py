"""The official Python SDK's side of scripts/bench-client.sh: N DescribeBackendInfo calls against the
canned nginx, sequential on one client (keep-alive) or spread over T threads (one client each, as the SDK's
clients are not shared across threads). Prints calls per second."""
import sys, threading, time

from alibabacloud_cloudapi20160714.client import Client
from alibabacloud_cloudapi20160714 import models
from alibabacloud_tea_openapi import models as open_api_models

port, key_id, secret, count, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
request = models.DescribeBackendInfoRequest(backend_id="a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5")


def new_client():
    client = Client(open_api_models.Config(access_key_id=key_id, access_key_secret=secret, region_id="cn-hangzhou",
                                           endpoint=f"127.0.0.1:{port}", protocol="http"))
    client.describe_backend_info(request)  # warm-up: connection and lazy imports
    return client


def work(client, calls):
    for _ in range(calls):
        assert client.describe_backend_info(request).body.backend_info.backend_name == "orders-backend"


clients = [new_client() for _ in range(threads)]
shares = [count // threads + (1 if i < count % threads else 0) for i in range(threads)]
started = time.perf_counter()
if threads == 1:
    work(clients[0], shares[0])
else:
    workers = [threading.Thread(target=work, args=(c, n)) for c, n in zip(clients, shares)]
    for w in workers: w.start()
    for w in workers: w.join()
elapsed = time.perf_counter() - started
print(f"{count / max(elapsed, 1e-9):.1f}")
