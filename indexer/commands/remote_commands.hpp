// The network side of digest-index: digests fetched by URL (for `add`), and the `arxiv`
// (query API) and `rss` (announcement listing) commands.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "commands/index_session.hpp"
#include "digest/diagnostic.hpp"
#include "sources/http_fetcher.hpp"

namespace digest {

// What the database remembers of a URL (metadata key kMetaUrlPrefix + URL): the validators
// of the last response, for a conditional request next time, and a hash of its body, to
// skip a body that came back unchanged from a server that sends no validators.
struct UrlRecord {
    Validators validators;
    std::string hash;

    std::string encode() const;                      // JSON
    static UrlRecord decode(std::string_view data);  // empty record when absent or damaged
    bool empty() const { return validators.empty() && hash.empty(); }
    bool operator==(const UrlRecord& o) const {
        return validators.etag == o.validators.etag &&
               validators.last_modified == o.validators.last_modified && hash == o.hash;
    }
};

// One digest downloaded for `add`.
struct RemoteDigest {
    enum class Status { Downloaded, Unchanged, Failed };
    Status status = Status::Failed;
    std::string content;  // the Markdown, when downloaded
    UrlRecord record;     // to store under the URL's key (Downloaded and Unchanged)
    Diagnostic error;     // when failed: `URL: error: ...`
    bool interrupted = false;
};

// Downloads the digest at `url`. With a recorded response and no `force`, the request is
// conditional: 304 Not Modified, or a body with the recorded hash, gives Unchanged.
// An HTML page (a web view instead of the raw file) is refused.
RemoteDigest fetch_digest(HttpFetcher& fetcher, const std::string& url, const UrlRecord& recorded,
                          bool force);

// The arXiv query API asks clients for at most this many results per request.
inline constexpr std::size_t kArxivPageSize = 100;

struct ArxivOptions {
    std::string query;               // --query: search_query in arXiv's syntax
    std::vector<std::string> ids;    // --id: ids with or without version, or abs/pdf links
    std::size_t max = 100;           // --max: results of --query to fetch
    std::string sort = "submitted";  // --sort: submitted, updated or relevance (newest first)
    std::string api_url = "https://export.arxiv.org/api/query";  // --api-url
    double delay = 3;  // --delay: seconds between requests (arXiv asks for 3)
    FetchOptions fetch;
};

struct RssOptions {
    std::vector<std::string> categories;                 // cs.SD eess.AS
    std::string rss_url = "https://rss.arxiv.org/rss/";  // --rss-url
    bool force = false;                                  // --force: no conditional request
    FetchOptions fetch;
};

int run_arxiv(const CommonOptions& common, const ArxivOptions& options);
int run_rss(const CommonOptions& common, const RssOptions& options);

// The URL of one page of API results: `base` + search_query (or id_list), start, max_results
// and the sort order; the values are percent-encoded.
std::string arxiv_query_url(std::string_view base, std::string_view query, std::size_t start,
                            std::size_t count, std::string_view sort);
std::string arxiv_id_list_url(std::string_view base, const std::vector<std::string>& ids);
// `base` + the categories joined by "+" (https://rss.arxiv.org/rss/cs.SD+eess.AS).
std::string rss_feed_url(std::string_view base, const std::vector<std::string>& categories);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace digest
