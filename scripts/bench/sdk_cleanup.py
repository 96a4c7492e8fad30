"""The official Python SDK's side of scripts/bench-quota.sh: list every backend named bench-… (pages of
100) and delete them, as a user of the SDK would write it.
  defaults  one thread, the SDK's default runtime options (it does not retry an error answer)
  pool64    64 threads, the SDK's own retry options (autoretry, max_attempts=5, exponential backoff)
Prints "<deleted> <failed> <throttled answers seen>"."""
import sys, threading
from concurrent.futures import ThreadPoolExecutor

from alibabacloud_cloudapi20160714.client import Client
from alibabacloud_cloudapi20160714 import models
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_util import models as util_models

port, key_id, secret, mode = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
client = Client(open_api_models.Config(access_key_id=key_id, access_key_secret=secret, region_id="cn-hangzhou",
                                       endpoint=f"127.0.0.1:{port}", protocol="http"))
if mode == "pool64":
    runtime = util_models.RuntimeOptions(autoretry=True, max_attempts=5, backoff_policy="exponential", backoff_period=1)
else:
    runtime = util_models.RuntimeOptions()
lock = threading.Lock()
throttled = 0

def is_throttle(error):
    return "Throttling" in str(getattr(error, "code", "") or error)

def list_ids():
    global throttled
    ids, page = [], 1
    while True:
        try:
            body = client.describe_backend_list_with_options(
                models.DescribeBackendListRequest(backend_name="bench-*", page_number=page, page_size=100), runtime).body
        except Exception as error:  # a throttled page: the user's own loop tries it again
            if not is_throttle(error):
                raise
            with lock:
                throttled += 1
            continue
        ids += [b.backend_id for b in body.backend_info_list]
        if page * 100 >= body.total_count:
            return ids
        page += 1

def delete(backend_id):
    global throttled
    try:
        client.delete_backend_with_options(models.DeleteBackendRequest(backend_id=backend_id), runtime)
        return True
    except Exception as error:
        if is_throttle(error):
            with lock:
                throttled += 1
        return False

ids = list_ids()
if mode == "pool64":
    with ThreadPoolExecutor(64) as pool:
        results = list(pool.map(delete, ids))
else:
    results = [delete(i) for i in ids]
print(sum(results), len(results) - sum(results), throttled)
