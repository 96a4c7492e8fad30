// CCurl shim: Debian's libcurl for Swift. curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt
// are variadic, which Swift cannot call; these typed wrappers are the whole shim. Nothing else here.
#ifndef MOONGATE_CCURL_SHIM_H
#define MOONGATE_CCURL_SHIM_H
#include <curl/curl.h>

typedef size_t (*mg_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode mg_curl_easy_setopt_long(CURL *easy, CURLoption option, long value) {
    return curl_easy_setopt(easy, option, value);
}
static inline CURLcode mg_curl_easy_setopt_string(CURL *easy, CURLoption option, const char *value) {
    return curl_easy_setopt(easy, option, value);
}
static inline CURLcode mg_curl_easy_setopt_pointer(CURL *easy, CURLoption option, void *value) {
    return curl_easy_setopt(easy, option, value);
}
static inline CURLcode mg_curl_easy_setopt_callback(CURL *easy, CURLoption option, mg_curl_data_callback value) {
    return curl_easy_setopt(easy, option, value);
}
static inline CURLcode mg_curl_easy_getinfo_long(CURL *easy, CURLINFO info, long *value) {
    return curl_easy_getinfo(easy, info, value);
}
static inline CURLcode mg_curl_easy_getinfo_pointer(CURL *easy, CURLINFO info, void **value) {
    return curl_easy_getinfo(easy, info, value);
}
static inline CURLMcode mg_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}
// CURLMsg.data is a union; Swift reads its `result` member through this.
static inline CURLcode mg_curl_msg_result(const CURLMsg *message) { return message->data.result; }
// CURLVERSION_NOW is a macro naming an enum value, which Swift does not import.
static inline curl_version_info_data *mg_curl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }

#endif
