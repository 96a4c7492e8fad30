"""The measuring half of scripts/bench-client.sh: runs every client against the canned nginx, side by side in
one run, and prints client CPU per call (user+sys of the client process ÷ calls, its start-up and warm-up
call subtracted by a second run with no calls), calls per second (timed inside each client, after warm-up)
and the ratios the issue sets as targets.

  report.py PORT COUNT MOONGATE_BIN PYTHON CURL_CLIENT"""
import os, re, statistics, subprocess, sys, tempfile, time

port, count, moongate, python, curl_client = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
here = os.path.dirname(os.path.abspath(__file__))
url = f"http://127.0.0.1:{port}"
env = dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID="bench-key", ALIBABA_CLOUD_ACCESS_KEY_SECRET="bench-secret",
           ALIBABA_CLOUD_REGION_ID="cn-hangzhou")


def run(argv):
    """(cpu seconds, last stdout line) of one child process."""
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, env=env)
    out = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"bench-client: {argv[0]} failed (exit {child.returncode})")
    return usage.ru_utime + usage.ru_stime, out.strip().splitlines()[-1]


def client(argv_for):
    """CPU µs per call and calls/s for a client whose argv takes the number of calls."""
    base_cpu, _ = run(argv_for(0))
    cpu, rate = run(argv_for(count))
    return max(cpu - base_cpu, 0) / count * 1e6, float(rate)


def wrk():
    """wrk -t1 -c1 for about as long as the C client ran: its CPU per request and requests/s."""
    child = subprocess.Popen(["wrk", "-t1", "-c1", "-d5s", "-s", os.path.join(here, "wrk_post.lua"),
                              f"{url}/?BackendId=a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"], stdout=subprocess.PIPE)
    out = child.stdout.read().decode()
    _, _, usage = os.wait4(child.pid, 0)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return (usage.ru_utime + usage.ru_stime) / requests * 1e6, rate


def cold_start_ms():
    """Median wall time of 11 runs of `moongate run` on an empty script."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as empty:
        empty.write("return 0\n"); empty.flush()
        times = []
        for _ in range(11):
            started = time.perf_counter()
            subprocess.run([moongate, "run", empty.name], check=True, stdout=subprocess.DEVNULL, env=env)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


mg = lambda mode: lambda n: [moongate, "run", "--endpoint", url, os.path.join(here, "moongate_info.lua"), str(n), mode]
sdk = lambda threads: lambda n: [python, os.path.join(here, "sdk_info.py"), port, "bench-key", "bench-secret", str(n), str(threads)]
c_floor = lambda n: [curl_client, f"{url}/?BackendId=a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5", str(n)]

results = {
    "C client (libcurl multi)": client(c_floor),
    "moongate sequential": client(mg("sequential")),
    "moongate parallel(64)": client(mg("parallel")),
    "python SDK sequential": client(sdk(1)),
    "python SDK 64 threads": client(sdk(64)),
    "wrk -t1 -c1": wrk(),
}
cold = cold_start_ms()

print(f"bench-client: {count} DescribeBackendInfo calls per client against a canned nginx on loopback")
print(f"  {'client':<26} {'CPU µs/call':>12} {'calls/s':>10}")
for name, (cpu, rate) in results.items():
    print(f"  {name:<26} {cpu:>12.1f} {rate:>10.0f}")
c_cpu, c_rate = results["C client (libcurl multi)"]
mg_cpu, mg_rate = results["moongate sequential"]
par_rate = results["moongate parallel(64)"][1]
sdk_cpu = results["python SDK sequential"][0]
sdk64_rate = results["python SDK 64 threads"][1]
targets = [
    ("moongate seq CPU ÷ C client CPU", mg_cpu / c_cpu, "≤ 1.3"),
    ("SDK seq CPU ÷ moongate seq CPU", sdk_cpu / mg_cpu, "≥ 7"),
    ("moongate seq calls/s ÷ C client's", mg_rate / c_rate, "≥ 0.7"),
    ("moongate parallel(64) ÷ SDK 64 threads", par_rate / sdk64_rate, "≥ 10"),
    ("cold start of an empty script, ms", cold, "≤ 10"),
]
print("  targets")
for name, value, target in targets:
    print(f"  {name:<40} {value:>8.2f}   (target {target})")
