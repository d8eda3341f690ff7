#include "commands/remote_commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "commands/command_support.hpp"
#include "core/content_hash.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "digest/digest_parser.hpp"
#include "fields/field_table.hpp"
#include "sources/arxiv_feed.hpp"
#include "store/database.hpp"
#include "writing/paper_writer.hpp"
#include "writing/progress.hpp"

namespace fs = std::filesystem;

namespace digest {

namespace {

constexpr const char* kInterruptedMessage =
    "requests written before the interruption are in the database; run the same command "
    "again for the rest";

constexpr std::string_view kAtomAccept = "application/atom+xml, application/xml;q=0.9";
constexpr std::string_view kRssAccept = "application/rss+xml, application/xml;q=0.9";
constexpr std::string_view kDigestAccept = "text/markdown, text/plain;q=0.9, */*;q=0.5";

int usage_error(const std::string& message, const std::string& hint = {}) {
    report(Error(message, hint, kExitUsage));
    return kExitUsage;
}

bool looks_like_html_page(const FetchResult& r) {
    if (r.content_type.rfind("text/html", 0) == 0) return true;
    std::string_view b = r.body;
    auto i = b.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos) return false;
    std::string head(b.substr(i, 16));
    for (char& c : head)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

// The recorded response of `url`, read without taking the write lock; empty when the
// database does not exist yet. A sharded database's shards each record it: when they differ (a
// run stopped between two shards) nothing is taken as recorded, and the download is in full.
UrlRecord recorded_response(const fs::path& db_dir, const std::string& url) {
    if (!has_stub(db_dir)) return {};
    Databases parts = expand_shards({db_dir});
    std::optional<UrlRecord> agreed;
    for (const auto& part : parts) {
        try {
            Xapian::Database db = open_for_reading(part);
            UrlRecord r = UrlRecord::decode(db.get_metadata(std::string(kMetaUrlPrefix) + url));
            if (agreed && !(*agreed == r)) return {};
            agreed = std::move(r);
        } catch (const Xapian::Error& e) {
            throw from_xapian(db_dir.string());
        }
    }
    return agreed.value_or(UrlRecord{});
}

// Writes the batches in one run of the PaperWriter (one transaction per batch), into each shard
// its part when the database is sharded.
WriteStats write_batches(const CommonOptions& common, const std::vector<DigestBatch>& batches) {
    ShardedStore store(common.db, common.wait_seconds);
    refuse_papers_into(common.db);
    Progress progress(!common.quiet && ::isatty(2));
    WriteStats ws = write_parts(store, batches, common.jobs, progress, stop_flag());
    progress.finish();
    return ws;
}

FetchOptions with_stop_flag(FetchOptions f) {
    f.stop = &stop_flag();
    return f;
}

}  // namespace

std::string UrlRecord::encode() const {
    nlohmann::json j = nlohmann::json::object();
    if (!validators.etag.empty()) j["etag"] = validators.etag;
    if (!validators.last_modified.empty()) j["last_modified"] = validators.last_modified;
    if (!hash.empty()) j["hash"] = hash;
    return j.dump();
}

UrlRecord UrlRecord::decode(std::string_view data) {
    UrlRecord r;
    nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (!j.is_object()) return r;
    auto text = [&](const char* key) {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    r.validators.etag = text("etag");
    r.validators.last_modified = text("last_modified");
    r.hash = text("hash");
    return r;
}

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

namespace {
std::string with_query_separator(std::string_view base) {
    std::string url(base);
    url += url.find('?') == std::string::npos ? '?' : '&';
    return url;
}
}  // namespace

std::string arxiv_query_url(std::string_view base, std::string_view query, std::size_t start,
                            std::size_t count, std::string_view sort) {
    std::string url = with_query_separator(base);
    url += "search_query=" + percent_encode(query) + "&start=" + std::to_string(start) +
           "&max_results=" + std::to_string(count);
    std::string_view by = sort == "relevance" ? "relevance"
                          : sort == "updated" ? "lastUpdatedDate"
                                              : "submittedDate";
    url += "&sortBy=" + std::string(by) + "&sortOrder=descending";
    return url;
}

std::string arxiv_id_list_url(std::string_view base, const std::vector<std::string>& ids) {
    std::string url = with_query_separator(base);
    url += "id_list=" + percent_encode(join(ids, ",")) +
           "&start=0&max_results=" + std::to_string(ids.size());
    return url;
}

std::string rss_feed_url(std::string_view base, const std::vector<std::string>& categories) {
    std::string url(base);
    if (url.empty() || url.back() != '/') url += '/';
    return url + join(categories, "+");
}

RemoteDigest fetch_digest(HttpFetcher& fetcher, const std::string& url, const UrlRecord& recorded,
                          bool force) {
    RemoteDigest out;
    out.error = {url, 0, Severity::Error, ""};
    FetchResult r = fetcher.get(url, force ? Validators{} : recorded.validators, kDigestAccept);
    if (r.interrupted) {
        out.interrupted = true;
        out.error.message = "interrupted";
        return out;
    }
    if (r.not_modified()) {
        out.status = RemoteDigest::Status::Unchanged;
        out.record = recorded;
        return out;
    }
    if (!r.ok()) {
        out.error.message = r.error;
        return out;
    }
    if (looks_like_html_page(r)) {
        out.error.message =
            "received an HTML page, not a Markdown digest (for a file shown on a code-hosting "
            "site, give the URL of its raw content)";
        return out;
    }
    out.record.validators = r.validators;
    out.record.hash = content_hash(r.body);
    if (!force && !recorded.hash.empty() && recorded.hash == out.record.hash) {
        out.status = RemoteDigest::Status::Unchanged;  // a server without validators
        return out;
    }
    out.status = RemoteDigest::Status::Downloaded;
    out.content = std::move(r.body);
    return out;
}

int run_arxiv(const CommonOptions& common, const ArxivOptions& options) {
    auto t0 = std::chrono::steady_clock::now();
    if (options.query.empty() == options.ids.empty())
        return usage_error("arxiv: give either --query or --id",
                           "digest-index arxiv --query 'cat:cs.SD AND ti:speech' --max 200, or "
                           "digest-index arxiv --id 2512.22166 2505.20899v2");
    if (!is_fetchable_url(options.api_url))
        return usage_error("--api-url " + options.api_url + ": not an http:// or https:// URL");
    if (options.max == 0) return usage_error("--max must be at least 1");
    if (options.sort != "submitted" && options.sort != "updated" && options.sort != "relevance")
        return usage_error("--sort " + options.sort + ": use submitted, updated or relevance");
    std::vector<std::string> ids;
    for (const auto& given : options.ids) {
        // Accept an id (2505.20899v2, quant-ph/0201082) or an abs/pdf link; keep its version.
        auto [id, version] = arxiv_id_from_link(given);
        if (id.empty())
            return usage_error("--id " + given + ": not an arXiv id",
                               "ids look like 2512.22166, 2505.20899v2 or quant-ph/0201082");
        ids.push_back(version ? id + "v" + std::to_string(version) : id);
    }

    return guarded(
        [&]() -> int {
            refuse_papers_into(common.db);  // before any download (again when writing)
            HttpFetcher fetcher(with_stop_flag(options.fetch));
            Diagnostics diagnostics;
            std::vector<DigestBatch> batches;
            bool network_failed = false;
            bool interrupted = false;
            int requests = 0;
            std::size_t records = 0;

            // One request; false when it failed (the reason is in `diagnostics`).
            auto request = [&](const std::string& url, ArxivFeed& feed) {
                // arXiv asks API clients to wait 3 s between requests.
                if (requests > 0 && options.delay > 0 && !sleep_unless_stopped(options.delay)) {
                    interrupted = true;
                    return false;
                }
                ++requests;
                FetchResult r = fetcher.get(url, {}, kAtomAccept);
                if (r.interrupted) {
                    interrupted = true;
                    return false;
                }
                if (!r.ok()) {
                    std::string message = r.error;
                    // A bad request (HTTP 400) comes with an error feed that says what was wrong.
                    if (!r.body.empty()) {
                        ArxivFeed error_feed = parse_arxiv_atom(r.body, url);
                        std::string why = error_feed.error_message();
                        if (why.rfind("arXiv API error", 0) == 0) message += ": " + why;
                    }
                    diagnostics.push_back({url, 0, Severity::Error, message});
                    network_failed = true;
                    return false;
                }
                feed = parse_arxiv_atom(r.body, url);
                bool failed = feed.failed();  // invalid XML, an HTML page, the API's error feed
                for (auto& d : feed.diagnostics) diagnostics.push_back(std::move(d));
                feed.diagnostics.clear();
                if (failed) network_failed = true;
                return !failed;
            };
            auto add_batch = [&](const std::string& url, std::vector<Paper> papers) {
                records += papers.size();
                if (papers.empty()) return;
                DigestBatch b;
                b.name = url;
                b.arxiv_papers = std::move(papers);
                batches.push_back(std::move(b));
            };

            if (!ids.empty()) {
                std::set<std::string> found;
                for (std::size_t i = 0; i < ids.size() && !interrupted; i += kArxivPageSize) {
                    std::vector<std::string> chunk(
                        ids.begin() + static_cast<std::ptrdiff_t>(i),
                        ids.begin() +
                            static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kArxivPageSize)));
                    std::string url = arxiv_id_list_url(options.api_url, chunk);
                    ArxivFeed feed;
                    if (!request(url, feed)) continue;  // the next chunk may still succeed
                    for (const auto& p : feed.papers) found.insert(p.id);
                    for (const auto& want : chunk) {
                        std::string id = split_version(want).first;
                        if (!found.count(id))
                            diagnostics.push_back(
                                {url, 0, Severity::Error, "arXiv has no paper with id " + want});
                    }
                    add_batch(url, std::move(feed.papers));
                }
            } else {
                std::size_t offset = 0;
                int empty_pages = 0;
                while (offset < options.max && !interrupted) {
                    std::size_t count = std::min(kArxivPageSize, options.max - offset);
                    std::string url = arxiv_query_url(options.api_url, options.query, offset, count,
                                                      options.sort);
                    ArxivFeed feed;
                    if (!request(url, feed)) break;
                    std::size_t target = options.max;
                    if (feed.total_results >= 0)
                        target = std::min<std::size_t>(
                            target, static_cast<std::size_t>(feed.total_results));
                    if (feed.entries_seen == 0) {
                        if (offset >= target) break;  // no (more) results
                        // arXiv sometimes answers a page with no entries although more remain
                        // (a known API quirk); asking again usually helps.
                        if (empty_pages++ < fetcher.options().max_retries) continue;
                        diagnostics.push_back(
                            {url, 0, Severity::Error,
                             "arXiv returned no entries at start=" + std::to_string(offset) +
                                 " although it reported " + std::to_string(feed.total_results) +
                                 " results; try again later"});
                        network_failed = true;
                        break;
                    }
                    empty_pages = 0;
                    offset += static_cast<std::size_t>(feed.entries_seen);
                    add_batch(url, std::move(feed.papers));
                    // Without totalResults, a short page is the last one.
                    if (feed.total_results < 0 &&
                        static_cast<std::size_t>(feed.entries_seen) < count)
                        break;
                    if (offset >= target) break;
                }
            }
            print_diagnostics(diagnostics);
            if (interrupted) {
                std::cerr << "interrupted; nothing was written\n";
                return interrupted_exit_code();
            }

            WriteStats ws;
            if (!batches.empty()) ws = write_batches(common, batches);
            std::size_t errors = 0, warnings = 0;
            for (const auto& d : diagnostics) (d.severity == Severity::Error ? errors : warnings)++;
            if (!common.quiet) {
                std::cout << "arXiv API: " << counted(requests, "request") << ", "
                          << counted(records, "record") << " → " << counted(ws.papers, "paper")
                          << " (" << with_commas(ws.new_papers) << " new), "
                          << counted(warnings, "warning");
                if (errors) std::cout << ", " << counted(errors, "error");
                std::cout << ", " << seconds_text(seconds_since(t0)) << "\n";
            }
            if (network_failed) return kExitNetwork;
            return errors ? kExitInputErrors : kExitOk;
        },
        common.db.string());
}

int run_rss(const CommonOptions& common, const RssOptions& options) {
    auto t0 = std::chrono::steady_clock::now();
    if (options.categories.empty())
        return usage_error("rss: name one or more arXiv categories or archives",
                           "digest-index rss cs.SD eess.AS");
    for (const auto& c : options.categories)
        if (!is_arxiv_category_code(c))
            return usage_error("rss: " + c + ": not an arXiv category",
                               "categories look like cs.SD, eess.AS, hep-th or math");
    if (!is_fetchable_url(options.rss_url))
        return usage_error("--rss-url " + options.rss_url + ": not an http:// or https:// URL");

    return guarded(
        [&]() -> int {
            const std::string url = rss_feed_url(options.rss_url, options.categories);
            const std::string topic = rss_topic(options.categories);
            const std::string key = std::string(kMetaUrlPrefix) + url;
            const std::string label = "arXiv RSS " + join(options.categories, "+");
            refuse_papers_into(common.db);  // before any download (again when writing)
            UrlRecord recorded = options.force ? UrlRecord{} : recorded_response(common.db, url);

            HttpFetcher fetcher(with_stop_flag(options.fetch));
            FetchResult r = fetcher.get(url, recorded.validators, kRssAccept);
            if (r.interrupted) {
                std::cerr << "interrupted; nothing was written\n";
                return interrupted_exit_code();
            }
            if (r.not_modified()) {
                if (!common.quiet)
                    std::cout << label << ": unchanged since the last run, skipped\n";
                return kExitOk;
            }
            if (!r.ok()) {
                print_diagnostics({{url, 0, Severity::Error, r.error}});
                return kExitNetwork;
            }
            ArxivFeed feed = parse_arxiv_rss(r.body, url, topic);
            print_diagnostics(feed.diagnostics);
            if (feed.failed()) return kExitNetwork;

            UrlRecord now{r.validators, content_hash(r.body)};
            if (!recorded.hash.empty() && recorded.hash == now.hash) {
                // The same listing again from a server that ignored the validators.
                if (!(now == recorded)) {
                    DigestBatch b;
                    b.name = url;
                    b.metadata[key] = now.encode();
                    write_batches(common, {b});
                }
                if (!common.quiet)
                    std::cout << label << ": unchanged since the last run, skipped\n";
                return kExitOk;
            }
            if (feed.papers.empty()) {
                if (!common.quiet)
                    std::cout << label << (feed.date.empty() ? "" : ", " + feed.date)
                              << ": no announcements in this listing\n";
                return kExitOk;
            }
            std::map<std::string, std::size_t> sections;
            for (const auto& p : feed.papers) ++sections[p.appearances.front().section];
            DigestBatch b;
            b.name = url;
            // The listing is a digest of its own: read again, it replaces its earlier appearances.
            if (!feed.date.empty()) b.digest_key = feed.date + "/" + topic;
            b.arxiv_papers = std::move(feed.papers);
            b.metadata[key] = now.encode();
            std::size_t listed = b.arxiv_papers.size();
            WriteStats ws = write_batches(common, {b});
            if (!common.quiet) {
                std::cout << label << (feed.date.empty() ? "" : ", " + feed.date) << ": "
                          << with_commas(listed) << " announcements (";
                bool first = true;
                for (const char* s : {"new", "replaced", "cross"}) {
                    auto it = sections.find(s);
                    std::cout << (first ? "" : ", ")
                              << with_commas(it == sections.end() ? 0 : it->second) << " " << s;
                    first = false;
                }
                std::cout << ") → " << counted(ws.papers, "paper") << " ("
                          << with_commas(ws.new_papers) << " new), "
                          << seconds_text(seconds_since(t0)) << "\n";
            }
            return kExitOk;
        },
        common.db.string());
}

}  // namespace digest
