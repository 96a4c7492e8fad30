/* The floor for scripts/bench-client.sh: N DescribeBackendInfo-shaped requests (POST, the same headers
 * a signed V3 call carries, a fixed signature since nginx does not check it) on one kept-alive connection,
 * one at a time, through libcurl's multi interface, which is what Moongate's CallLoop does around its
 * signing and Lua. Prints calls per second.
 *
 *   curl_client URL N */
#define _GNU_SOURCE  /* memmem */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct reply { char data[16384]; size_t length; };

static size_t collect(char *chunk, size_t size, size_t count, void *userdata) {
    struct reply *reply = userdata;
    size_t bytes = size * count;
    if (reply->length + bytes > sizeof reply->data) return 0;  /* aborts the transfer */
    memcpy(reply->data + reply->length, chunk, bytes);
    reply->length += bytes;
    return bytes;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* One exchange on the multi handle; exits on any failure so a broken run never reports a rate. */
static void call(CURLM *multi, CURL *easy, struct reply *reply) {
    reply->length = 0;
    curl_multi_add_handle(multi, easy);
    int running = 1;
    while (running) {
        if (curl_multi_perform(multi, &running) != CURLM_OK) { fputs("curl_multi_perform failed\n", stderr); exit(1); }
        if (running) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    int pending;
    CURLMsg *message = curl_multi_info_read(multi, &pending);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (!message || message->data.result != CURLE_OK || status != 200 ||
        !memmem(reply->data, reply->length, "orders-backend", 14)) {
        fprintf(stderr, "call failed: %s, HTTP %ld\n",
                message ? curl_easy_strerror(message->data.result) : "no message", status);
        exit(1);
    }
    curl_multi_remove_handle(multi, easy);
}

int main(int argc, char **argv) {
    if (argc != 3) { fputs("usage: curl_client URL N\n", stderr); return 64; }
    long count = atol(argv[2]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    CURL *easy = curl_easy_init();
    struct reply reply;
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "x-acs-action: DescribeBackendInfo");
    headers = curl_slist_append(headers, "x-acs-version: 2016-07-14");
    headers = curl_slist_append(headers, "x-acs-date: 2026-12-06T12:00:00Z");
    headers = curl_slist_append(headers, "x-acs-signature-nonce: 6f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e");
    headers = curl_slist_append(headers, "x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    headers = curl_slist_append(headers, "Authorization: ACS3-HMAC-SHA256 Credential=bench-key,"
        "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        "Signature=0d3c6a7e2f1b4a5c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c");
    curl_easy_setopt(easy, CURLOPT_URL, argv[1]);
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, 0L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "bench-curl-client");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  /* as Moongate: no signal handlers per transfer */

    call(multi, easy, &reply);  /* warm-up: the connection */
    double started = now();
    for (long i = 0; i < count; i++) call(multi, easy, &reply);
    double elapsed = now() - started;
    printf("%.1f\n", count / (elapsed > 1e-9 ? elapsed : 1e-9));

    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return 0;
}
