// The HTTP fetcher's rules that need no server (schemes, Retry-After, retryable statuses),
// one refused connection on 127.0.0.1, and the URLs and records of the network commands.
// The end-to-end tests (tests/e2e/network_*.sh) run the fetcher against a real local server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <string>
#include "core/content_hash.hpp"

#include "commands/remote_commands.hpp"
#include "sources/http_fetcher.hpp"

using namespace digest;

namespace {

// A port on 127.0.0.1 that nothing listens on: bound by us, then released.
int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("http fetcher: only http and https are fetched", "[http]") {
    CHECK(is_fetchable_url("http://export.arxiv.org/api/query"));
    CHECK(is_fetchable_url("HTTPS://rss.arxiv.org/rss/cs.SD"));
    CHECK_FALSE(is_fetchable_url("ftp://example.org/a.md"));
    CHECK_FALSE(is_fetchable_url("file:///etc/passwd"));
    CHECK_FALSE(is_fetchable_url("example.org/a.md"));

    HttpFetcher fetcher;
    for (std::string url : {"ftp://127.0.0.1/a.md", "file:///etc/hostname", "gopher://x/"}) {
        FetchResult r = fetcher.get(url);
        INFO(url);
        CHECK(r.outcome == FetchResult::Outcome::Failed);
        CHECK(r.attempts == 0);  // refused before any request
        CHECK(r.error.find("only http:// and https://") != std::string::npos);
    }
}

TEST_CASE("http fetcher: a refused connection is a clear failure, not retried", "[http]") {
    FetchOptions o;
    o.connect_timeout = 2;
    o.timeout = 3;
    HttpFetcher fetcher(o);
    std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/digest.md";
    FetchResult r = fetcher.get(url);
    CHECK(r.outcome == FetchResult::Outcome::Failed);
    CHECK(r.status == 0);
    CHECK(r.attempts == 1);
    CHECK(r.error.rfind("cannot connect", 0) == 0);
}

TEST_CASE("http fetcher: Retry-After: seconds or an HTTP date", "[http]") {
    std::time_t now = 1445412480;  // Wed, 21 Oct 2015 07:28:00 GMT
    CHECK(parse_retry_after("1", now) == 1.0);
    CHECK(parse_retry_after(" 120 ", now) == 120.0);
    CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now) == 30.0);
    CHECK(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0.0);  // in the past
    CHECK_FALSE(parse_retry_after("", now));
    CHECK_FALSE(parse_retry_after("soon", now));
    CHECK_FALSE(parse_retry_after("-5", now));
}

TEST_CASE("http fetcher: which statuses are retried", "[http]") {
    for (long s : {429L, 500L, 502L, 503L, 504L}) CHECK(is_retryable_status(s));
    for (long s : {200L, 304L, 400L, 403L, 404L, 501L}) CHECK_FALSE(is_retryable_status(s));
}

TEST_CASE("http fetcher: the recorded response of a URL survives a round trip", "[http][fetch]") {
    UrlRecord r;
    r.validators.etag = "\"abc\"";
    r.validators.last_modified = "Thu, 28 Nov 2024 17:23:08 GMT";
    r.hash = content_hash("digest");
    UrlRecord back = UrlRecord::decode(r.encode());
    CHECK(back == r);
    CHECK(UrlRecord::decode("").empty());
    CHECK(UrlRecord::decode("{not json").empty());
    CHECK(UrlRecord::decode("[1,2]").empty());
    // The hash tells contents apart.
    CHECK(content_hash("digest").size() == 16);
    CHECK(content_hash("digest") != content_hash("digesT"));
}

TEST_CASE("http fetcher: URLs of the arXiv API and RSS", "[arxiv][fetch]") {
    CHECK(percent_encode("cat:cs.SD AND ti:speech") == "cat%3Acs.SD%20AND%20ti%3Aspeech");
    CHECK(arxiv_query_url("http://export.arxiv.org/api/query", "cat:cs.SD AND ti:speech", 100, 50,
                          "submitted") ==
          "http://export.arxiv.org/api/query?search_query=cat%3Acs.SD%20AND%20ti%3Aspeech"
          "&start=100&max_results=50&sortBy=submittedDate&sortOrder=descending");
    CHECK(arxiv_query_url("http://h/q?key=1", "x", 0, 100, "relevance") ==
          "http://h/q?key=1&search_query=x&start=0&max_results=100&sortBy=relevance"
          "&sortOrder=descending");
    // As the recorded requests spell them: 0808.05394%2C1707.08567, quant-ph%2F0201082v1.
    CHECK(arxiv_id_list_url("https://export.arxiv.org/api/query",
                            {"0808.05394", "1707.08567", "quant-ph/0201082v1"}) ==
          "https://export.arxiv.org/api/query?id_list=0808.05394%2C1707.08567%2Cquant-ph%"
          "2F0201082v1&start=0&max_results=3");
    CHECK(rss_feed_url("https://rss.arxiv.org/rss/", {"cs.SD", "eess.AS"}) ==
          "https://rss.arxiv.org/rss/cs.SD+eess.AS");
    CHECK(rss_feed_url("http://127.0.0.1:8000/rss", {"hep-th"}) ==
          "http://127.0.0.1:8000/rss/hep-th");
}
