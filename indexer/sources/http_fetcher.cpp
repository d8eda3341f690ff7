#include "sources/http_fetcher.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "core/interrupt.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

bool iequals_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

// Reason phrases for the statuses users meet; HTTP/2 responses carry none.
constexpr std::pair<long, std::string_view> kReasonPhrases[] = {
    {301, "Moved Permanently"},
    {302, "Found"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {410, "Gone"},
    {429, "Too Many Requests"},
    {500, "Internal Server Error"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
};

std::string_view reason_phrase(long status) {
    for (const auto& [code, phrase] : kReasonPhrases)
        if (code == status) return phrase;
    return {};
}

std::string seconds_text(double s) {
    char buf[32];
    if (s == std::floor(s))
        std::snprintf(buf, sizeof buf, "%.0f s", s);
    else
        std::snprintf(buf, sizeof buf, "%.1f s", s);
    return buf;
}

void global_init() {
    // curl_global_init is not thread-safe before libcurl 7.84; do it once.
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("cannot initialise libcurl");
    });
}

}  // namespace

bool is_fetchable_url(std::string_view url) {
    return iequals_prefix(url, "http://") || iequals_prefix(url, "https://");
}

bool is_retryable_status(long status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::optional<double> parse_retry_after(std::string_view value, std::time_t now) {
    value = trim(value);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        double seconds = 0;
        for (char c : value) seconds = std::min(seconds * 10 + (c - '0'), 1e9);
        return seconds;
    }
    std::string date(value);
    std::time_t when = curl_getdate(date.c_str(), nullptr);
    if (when == -1) return std::nullopt;
    return std::max(0.0, std::difftime(when, now));
}

namespace {

// What one attempt saw; the write and header callbacks fill it.
struct Attempt {
    std::uint64_t max_bytes = 0;
    bool too_big = false;
    std::string body;
    std::string reason;       // reason phrase of the last status line
    std::string retry_after;  // of the last response
    Validators validators;    // of the last response
    const std::atomic<bool>* stop = nullptr;
    CURLcode code = CURLE_OK;
    long status = 0;
    char error[CURL_ERROR_SIZE] = {};
};

extern "C" size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* a = static_cast<Attempt*>(user);
    size_t n = size * count;
    // Checked on the decoded bytes: a small gzip body cannot expand past the cap.
    if (a->body.size() + n > a->max_bytes) {
        a->too_big = true;
        return 0;  // makes libcurl fail the transfer with CURLE_WRITE_ERROR
    }
    a->body.append(data, n);
    return n;
}

extern "C" size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* a = static_cast<Attempt*>(user);
    size_t n = size * count;
    std::string_view line(data, n);
    if (iequals_prefix(line, "HTTP/")) {
        // A new response (after a redirect or a 100 Continue): forget the previous one's.
        a->reason.clear();
        a->retry_after.clear();
        a->validators = {};
        auto sp1 = line.find(' ');
        auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
        if (sp2 != std::string_view::npos) a->reason = std::string(trim(line.substr(sp2 + 1)));
        return n;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    auto is = [&](std::string_view h) {
        return name.size() == h.size() && iequals_prefix(name, h);
    };
    if (is("etag"))
        a->validators.etag = std::string(value);
    else if (is("last-modified"))
        a->validators.last_modified = std::string(value);
    else if (is("retry-after"))
        a->retry_after = std::string(value);
    return n;
}

extern "C" int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* a = static_cast<Attempt*>(user);
    return a->stop && *a->stop ? 1 : 0;  // non-zero aborts: CURLE_ABORTED_BY_CALLBACK
}

}  // namespace

HttpFetcher::HttpFetcher(FetchOptions options) : options_(std::move(options)) {
    global_init();
    curl_ = curl_easy_init();
    if (!curl_) throw std::runtime_error("cannot create a libcurl handle");
}

HttpFetcher::~HttpFetcher() {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
}

namespace {

void perform(CURL* h, const FetchOptions& options, const std::string& url,
             const Validators& conditional, std::string_view accept, Attempt& a) {
    curl_easy_reset(h);  // forgets the options, keeps live connections and the DNS cache
    a.max_bytes = options.max_bytes;
    a.stop = options.stop;

    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    // Only HTTP(S), for the first request and for every redirect (no file://, no ftp://).
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, static_cast<long>(options.max_redirects));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::max(1.0, options.connect_timeout * 1000)));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::max(1.0, options.timeout * 1000)));
    // Refused before any byte arrives when Content-Length announces more than the cap.
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
    std::string agent(kUserAgent);
    curl_easy_setopt(h, CURLOPT_USERAGENT, agent.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, a.error);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &a);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &a);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

    curl_slist* headers = nullptr;
    std::string accept_header = "Accept: " + std::string(accept);
    headers = curl_slist_append(headers, accept_header.c_str());
    std::string inm, ims;
    if (!conditional.etag.empty()) {
        inm = "If-None-Match: " + conditional.etag;
        headers = curl_slist_append(headers, inm.c_str());
    }
    if (!conditional.last_modified.empty()) {
        ims = "If-Modified-Since: " + conditional.last_modified;
        headers = curl_slist_append(headers, ims.c_str());
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);

    a.code = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a.status);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
}

}  // namespace

FetchResult HttpFetcher::get(const std::string& url, const Validators& conditional,
                             std::string_view accept) {
    FetchResult r;
    if (!is_fetchable_url(url)) {
        auto colon = url.find(':');
        std::string scheme = colon == std::string::npos ? url : url.substr(0, colon);
        r.error = "unsupported URL scheme `" + scheme + "`: only http:// and https:// are fetched";
        return r;
    }
    CURL* h = static_cast<CURL*>(curl_);
    for (int attempt = 0;; ++attempt) {
        Attempt a;
        perform(h, options_, url, conditional, accept, a);
        r.attempts = attempt + 1;
        r.status = a.status;
        r.validators = a.validators;
        char* ct = nullptr;
        if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) r.content_type = ct;
        char* eff = nullptr;
        if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
            r.effective_url = eff;
        std::string detail = a.error[0] ? std::string(a.error) : curl_easy_strerror(a.code);

        if (a.code != CURLE_OK) {
            r.body.clear();
            switch (a.code) {
                case CURLE_ABORTED_BY_CALLBACK:
                    r.interrupted = true;
                    r.error = "interrupted";
                    break;
                case CURLE_COULDNT_RESOLVE_HOST:
                case CURLE_COULDNT_RESOLVE_PROXY:
                    r.error = "host not found (" + detail + ")";
                    break;
                case CURLE_COULDNT_CONNECT:
                    r.error = "cannot connect (" + detail + ")";
                    break;
                case CURLE_OPERATION_TIMEDOUT:
                    r.error = "timed out (" + detail +
                              "); --connect-timeout and --timeout set the limits";
                    break;
                case CURLE_PARTIAL_FILE:
                    r.error = "the response was cut off before its end (" + detail + ")";
                    break;
                case CURLE_TOO_MANY_REDIRECTS:
                    r.error = "too many redirects (more than " +
                              std::to_string(options_.max_redirects) + "): a redirect loop?";
                    break;
                case CURLE_FILESIZE_EXCEEDED:
                    r.error = "the response is larger than the limit of " +
                              std::to_string(options_.max_bytes) + " bytes (--max-bytes)";
                    break;
                case CURLE_UNSUPPORTED_PROTOCOL:
                    r.error = "refused: only http:// and https:// are fetched (" + detail + ")";
                    break;
                case CURLE_WRITE_ERROR:
                    if (a.too_big) {
                        r.error = "the response is larger than the limit of " +
                                  std::to_string(options_.max_bytes) + " bytes (--max-bytes)";
                        break;
                    }
                    [[fallthrough]];
                default:
                    r.error = "download failed (" + detail + ")";
            }
            return r;
        }

        r.body = std::move(a.body);
        if (a.status == 304) {
            r.outcome = FetchResult::Outcome::NotModified;
            r.body.clear();
            return r;
        }
        if (a.status >= 200 && a.status < 300) {
            r.outcome = FetchResult::Outcome::Ok;
            return r;
        }

        std::string reason = a.reason.empty() ? std::string(reason_phrase(a.status)) : a.reason;
        r.error = "HTTP " + std::to_string(a.status) + (reason.empty() ? "" : " " + reason);
        if (!is_retryable_status(a.status)) return r;
        if (attempt >= options_.max_retries) {
            if (attempt > 0)
                r.error += " (gave up after " + std::to_string(attempt + 1) + " attempts)";
            return r;
        }
        // Wait as the server asks (Retry-After), else back off exponentially.
        double wait = options_.backoff * std::pow(2.0, attempt);
        if (auto asked = parse_retry_after(a.retry_after, std::time(nullptr))) {
            if (*asked > options_.max_retry_wait) {
                r.error += "; the server asks to retry after " + seconds_text(*asked) +
                           ", more than --max-retry-wait (" +
                           seconds_text(options_.max_retry_wait) + ")";
                return r;
            }
            wait = *asked;
        }
        wait = std::min(wait, options_.max_retry_wait);
        static const std::atomic<bool> never{false};
        if (!sleep_unless_stopped(wait, options_.stop ? *options_.stop : never)) {
            r.interrupted = true;
            r.error = "interrupted";
            return r;
        }
    }
}

}  // namespace digest
