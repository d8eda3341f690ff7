// HTTP(S) downloads for digest-index: a small libcurl wrapper with the project's limits
// (schemes, redirects, timeouts, size cap, polite retries, conditional requests).
#pragma once

#include <atomic>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace digest {

// Sent with every request. It names the tool and nothing about the user.
inline constexpr std::string_view kUserAgent = "digest-search/0.1 (arXiv digest indexer; libcurl)";

struct FetchOptions {
    double connect_timeout = 10;              // --connect-timeout: seconds, DNS + TCP + TLS
    double timeout = 60;                      // --timeout: seconds for a whole attempt
    std::uint64_t max_bytes = 50ULL << 20;    // --max-bytes: larger responses are refused
    int max_redirects = 5;                    // more is taken for a redirect loop
    int max_retries = 3;                      // --retries: after 429 and 5xx responses
    double max_retry_wait = 60;               // --max-retry-wait: longest single wait, seconds
    double backoff = 1;                       // first wait without Retry-After; doubles each time
    const std::atomic<bool>* stop = nullptr;  // set by SIGINT/SIGTERM: abort transfers and waits
};

// Validators of an earlier response, for a conditional request (If-None-Match,
// If-Modified-Since). Empty strings are not sent.
struct Validators {
    std::string etag;
    std::string last_modified;
    bool empty() const { return etag.empty() && last_modified.empty(); }
};

struct FetchResult {
    enum class Outcome { Ok, NotModified, Failed };
    Outcome outcome = Outcome::Failed;
    long status = 0;           // HTTP status of the last response, 0 when none came
    std::string body;          // the (decoded) body; also kept for error statuses
    std::string content_type;  // as sent, e.g. "application/atom+xml; charset=utf-8"
    Validators validators;     // ETag and Last-Modified of the response
    std::string effective_url;
    std::string error;  // why it failed, without the URL (the caller names it)
    int attempts = 0;
    bool interrupted = false;  // stopped by the stop flag

    bool ok() const { return outcome == Outcome::Ok; }
    bool not_modified() const { return outcome == Outcome::NotModified; }
};

// True for http:// and https:// URLs (the only schemes fetched, redirects included).
bool is_fetchable_url(std::string_view url);

// Seconds to wait from a Retry-After value: delta-seconds ("120") or an HTTP date
// ("Wed, 21 Oct 2015 07:28:00 GMT", compared with `now`). Empty when unparsable.
std::optional<double> parse_retry_after(std::string_view value, std::time_t now);

// HTTP statuses retried after a wait: too many requests, and transient server errors.
bool is_retryable_status(long status);

// One libcurl handle, reused for every request (connections are kept alive between them).
// Not thread-safe: one fetcher per thread.
class HttpFetcher {
  public:
    explicit HttpFetcher(FetchOptions options = {});
    ~HttpFetcher();
    HttpFetcher(const HttpFetcher&) = delete;
    HttpFetcher& operator=(const HttpFetcher&) = delete;

    // GET `url`, following redirects, retrying 429/5xx. With validators, a 304 answer gives
    // Outcome::NotModified and no body. Never throws for network or HTTP failures.
    FetchResult get(const std::string& url, const Validators& conditional = {},
                    std::string_view accept = "*/*");

    const FetchOptions& options() const { return options_; }

  private:
    FetchOptions options_;
    void* curl_ = nullptr;  // CURL*, kept out of the header
};

}  // namespace digest
