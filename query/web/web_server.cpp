#include "web/web_server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <iostream>
#include <list>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "formats/format_registry.hpp"
#include "formats/trend_svg.hpp"
#include "search/facets.hpp"
#include "search/query_session.hpp"
#include "store/database.hpp"
#include "web/web_page.hpp"

namespace digest {

namespace {

// Requests whose target is longer are refused (414): a query has a few words.
constexpr std::size_t kMaxTarget = 4096;

void secure(httplib::Response& res) {
    res.set_header("Content-Security-Policy", "default-src 'self'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
}

std::string json_error(const std::string& message, const std::string& hint = {}, long column = -1) {
    nlohmann::ordered_json j;
    j["error"] = message;
    if (!hint.empty()) j["hint"] = hint;
    if (column >= 0) j["column"] = column + 1;
    return j.dump() + "\n";
}

// A session per server thread, kept between requests and refreshed at each, so that every
// request sees the indexer's last commit (and a new generation after a rebuild).
QuerySession& session_for(const std::vector<std::filesystem::path>& db, const QueryLimits& limits) {
    thread_local std::unique_ptr<QuerySession> session;
    if (!session)
        session = std::make_unique<QuerySession>(db);
    else
        session->refresh();
    session->set_limits(limits);
    return *session;
}

std::unique_ptr<QuerySession> open_session(const std::vector<std::filesystem::path>& db) {
    return std::make_unique<QuerySession>(db);
}

// The answers already given, each kept with the state of the databases it was computed at
// (QuerySession::state()) and given again for the same request target while that state holds:
// a search page asks for the same query again at each click (the page, its chart, the next
// page), and a commit or a new generation changes the state, so that no answer outlives the
// papers it counted. Bounded in bytes; the least recently used answers go first.
class AnswerCache {
  public:
    explicit AnswerCache(std::size_t capacity) : capacity_(capacity) {}

    bool fetch(const std::string& target, const std::string& state, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = index_.find(target);
        if (it == index_.end()) return false;
        if (it->second->state != state) {
            drop(it);
            return false;
        }
        entries_.splice(entries_.begin(), entries_, it->second);
        res.set_content(it->second->body, it->second->type);
        return true;
    }

    void keep(const std::string& target, const std::string& state, const httplib::Response& res) {
        const std::size_t size = target.size() + res.body.size();
        if (size > capacity_ / 16) return;  // a few large answers would push out all others
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = index_.find(target); it != index_.end()) drop(it);
        entries_.push_front({target, state, res.body, res.get_header_value("Content-Type")});
        index_.emplace(target, entries_.begin());
        used_ += size;
        while (used_ > capacity_) drop(index_.find(entries_.back().target));
    }

  private:
    struct Entry {
        std::string target, state, body, type;
    };
    using Index = std::unordered_map<std::string, std::list<Entry>::iterator>;
    void drop(Index::iterator it) {
        used_ -= it->second->target.size() + it->second->body.size();
        entries_.erase(it->second);
        index_.erase(it);
    }
    std::mutex mutex_;
    std::list<Entry> entries_;  // the most recently used first
    Index index_;
    std::size_t used_ = 0;
    const std::size_t capacity_;
};

// Answers a request from the cache, or by `produce` (which returns false for an answer not to
// keep: one cut short by the time limit). Only whole answers (200) are kept; the header
// X-Digest-Cache says which it was.
template <class Produce>
void answer_cached(AnswerCache& cache, const httplib::Request& req, httplib::Response& res,
                   const QuerySession& session, Produce produce) {
    const std::string state = session.state();
    if (!state.empty() && cache.fetch(req.target, state, res)) {
        res.set_header("X-Digest-Cache", "hit");
        return;
    }
    const bool whole = produce();
    if (whole && !state.empty() && (res.status == -1 || res.status == 200))
        cache.keep(req.target, state, res);
    res.set_header("X-Digest-Cache", "miss");
}

SortOrder sort_named(const std::string& s) {
    if (s == "date") return SortOrder::Date;
    if (s == "-date") return SortOrder::DateReverse;
    if (s == "first") return SortOrder::First;
    if (s == "-first") return SortOrder::FirstReverse;
    if (s == "relevance" || s.empty()) return SortOrder::Relevance;
    throw Error("sort: " + s + " is not an order", "relevance, date, -date, first or -first",
                kExitUsage);
}

unsigned number_param(const httplib::Request& req, const char* name, unsigned fallback,
                      unsigned most) {
    if (!req.has_param(name)) return fallback;
    const std::string v = req.get_param_value(name);
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
        throw Error(std::string(name) + ": " + v + " is not a number", {}, kExitUsage);
    const unsigned long n = std::stoul(v);
    if (n > most)
        throw Error(std::string(name) + ": at most " + std::to_string(most), {}, kExitUsage);
    return static_cast<unsigned>(n);
}

// Sends the body as it is. cpp-httplib compresses a text body with brotli at its highest
// quality whenever the client accepts it (every browser does): 40 ms for a page of 34 KB,
// longer than finding its papers, to save bytes that cost nothing on a loopback or a local
// network. A body given by a content provider of known length goes out uncompressed. Errors
// are left to the server as they are: its error handler reads their body.
void send_as_is(httplib::Response& res) {
    if (res.body.empty() || res.status >= 300) return;
    auto body = std::make_shared<const std::string>(std::move(res.body));
    res.body.clear();
    const std::string type = res.get_header_value("Content-Type");
    res.headers.erase("Content-Type");
    res.set_content_provider(
        body->size(), type,
        [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            return sink.write(body->data() + offset, length);
        });
}

// Runs a handler; a mistake in the request is 400 with the CLI's message (JSON for the API,
// the page with the message for people), a database problem 503.
template <class Body>
void answer(httplib::Response& res, bool api, Body body) {
    try {
        body();
    } catch (const Error& e) {
        const bool users = e.exit_code() == kExitUsage || e.in_query();
        res.status = users ? 400 : 503;
        const long column = e.in_query() ? static_cast<long>(e.column()) : -1;
        if (api) {
            res.set_content(json_error(e.what(), e.hint(), column), "application/json");
        } else {
            PageError pe{e.what(), e.hint(), e.in_query() ? e.query() : "", column};
            res.set_content(search_page({}, nullptr, "", &pe), "text/html; charset=utf-8");
        }
    } catch (const Xapian::Error&) {
        const Error e = from_xapian("");
        res.status = 503;
        res.set_content(json_error(e.what(), e.hint()), "application/json");
    } catch (const std::bad_alloc&) {
        res.status = 500;
        res.set_content(json_error("out of memory"), "application/json");
    } catch (const std::exception& e) {
        res.status = 500;
        res.set_content(json_error(e.what()), "application/json");
    }
    send_as_is(res);
}

}  // namespace

int serve_here(const ServeOptions& options) {
    // The database must open before the server listens: a wrong --db is an error at once.
    int rc = guarded(
        [&] {
            open_session(options.db);
            return kExitOk;
        },
        names(options.db), kExitUsage);
    if (rc != kExitOk) return rc;

    // SIGINT and SIGTERM are taken by one thread that stops the server; every other thread
    // (the pool's included) has them blocked.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    httplib::Server server;
    const unsigned threads = std::max(1u, options.threads);
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(0);
    // A response goes out in two writes (head, body): with Nagle's algorithm the body waited
    // for the client's delayed acknowledgement of the head, 40 ms on Linux, for every
    // response on a kept-alive connection.
    server.set_tcp_nodelay(true);

    int port = options.port;
    std::vector<std::string> hosts;  // the Host headers this server answers to
    server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        secure(res);
        if (req.method != "GET" && req.method != "HEAD") {
            res.status = 405;
            res.set_header("Allow", "GET, HEAD");
            res.set_content(json_error("only GET and HEAD"), "application/json");
            return httplib::Server::HandlerResponse::Handled;
        }
        const std::string host = req.get_header_value("Host");
        if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) {
            // Another name for this address (DNS rebinding) or none: not served.
            res.status = 403;
            res.set_content(json_error("Host " + host + " is not served here"), "application/json");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.target.size() > kMaxTarget) {
            res.status = 414;
            res.set_content(json_error("the request is longer than 4 KiB"), "application/json");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    if (!options.quiet)
        server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            static std::mutex m;
            std::lock_guard<std::mutex> lock(m);
            std::cerr << req.method << " " << req.target << " " << res.status << "\n";
        });
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            res.set_content(json_error(res.status == 404 ? "not found" : "refused"),
                            "application/json");
        }
    });

    const std::vector<std::filesystem::path> db = options.db;
    const QueryLimits limits = options.limits;
    AnswerCache cache(std::size_t{64} << 20);
    server.Get("/static/style.css", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(style_sheet(), "text/css; charset=utf-8");
        send_as_is(res);
    });
    server.Get("/", [db, limits, &cache](const httplib::Request& req, httplib::Response& res) {
        answer(res, false, [&] {
            PageState state;
            state.q = req.get_param_value("q");
            state.sort = req.has_param("sort") ? req.get_param_value("sort") : "relevance";
            state.page = std::max(1u, number_param(req, "page", 1, 100000));
            if (state.q.find_first_not_of(" \t") == std::string::npos) {
                res.set_content(search_page(state, nullptr, "", nullptr),
                                "text/html; charset=utf-8");
                return;
            }
            QuerySession* session = &session_for(db, limits);
            SearchRequest request;
            request.query = state.q;
            request.sort = sort_named(state.sort);
            request.limit = state.per_page;
            request.offset = (state.page - 1) * state.per_page;
            request.relax = true;
            request.facets = {{&field(FieldId::Category), 8},
                              {&field(FieldId::Topic), 8},
                              {&field(FieldId::AuthorName), 8},
                              {&field(FieldId::FirstMonth), 12}};
            answer_cached(cache, req, res, *session, [&] {
                try {
                    const SearchResult result = session->search(request);
                    bool whole = !result.time_limited;
                    std::string svg;
                    if (result.total) {
                        TrendRequest trend;
                        trend.queries = {state.q};
                        const TrendResult counts = session->trend(trend);
                        svg = trend_svg(counts, "Papers per month");
                        whole = whole && !counts.time_limited;
                    }
                    res.set_content(search_page(state, &result, svg, nullptr),
                                    "text/html; charset=utf-8");
                    return whole;
                } catch (const Error& e) {
                    if (!e.in_query() && e.exit_code() != kExitUsage) throw;
                    res.status = 400;
                    PageError pe{e.what(), e.hint(), e.in_query() ? e.query() : "",
                                 e.in_query() ? static_cast<long>(e.column()) : -1};
                    res.set_content(search_page(state, nullptr, "", &pe),
                                    "text/html; charset=utf-8");
                    return false;
                }
            });
        });
    });
    server.Get("/author",
               [db, limits, &cache](const httplib::Request& req, httplib::Response& res) {
                   answer(res, false, [&] {
                       const std::string name = req.get_param_value("name");
                       if (name.empty())
                           throw Error("name an author: /author?name=...", {}, kExitUsage);
                       QuerySession* session = &session_for(db, limits);
                       answer_cached(cache, req, res, *session, [&] {
                           res.set_content(author_page(name, session->authors(name, 5, 8)),
                                           "text/html; charset=utf-8");
                           return true;
                       });
                   });
               });
    server.Get("/trend.svg",
               [db, limits, &cache](const httplib::Request& req, httplib::Response& res) {
                   answer(res, true, [&] {
                       QuerySession* session = &session_for(db, limits);
                       TrendRequest trend;
                       for (std::size_t i = 0; i < req.get_param_value_count("q"); ++i)
                           trend.queries.push_back(req.get_param_value("q", i));
                       if (trend.queries.empty()) throw Error("q: no query", {}, kExitUsage);
                       answer_cached(cache, req, res, *session, [&] {
                           const TrendResult counts = session->trend(trend);
                           res.set_content(trend_svg(counts, "Papers per month"), "image/svg+xml");
                           return !counts.time_limited;
                       });
                   });
               });

    // The JSON API: what the command line prints with --format json.
    const OutputFormat& json = *find_output_format("json");
    server.Get("/api/search", [db, &json, limits, &cache](const httplib::Request& req,
                                                          httplib::Response& res) {
        answer(res, true, [&] {
            SearchRequest request;
            request.query = req.get_param_value("q");
            if (request.query.find_first_not_of(" \t") == std::string::npos)
                throw Error("no query", "e.g. /api/search?q=speaker+verification", kExitUsage);
            request.limit = number_param(req, "limit", 10, 1000);
            request.offset = number_param(req, "offset", 0, 10000000);
            request.sort = sort_named(req.get_param_value("sort"));
            for (std::size_t i = 0; i < req.get_param_value_count("facet"); ++i) {
                std::stringstream specs(req.get_param_value("facet", i));
                for (std::string spec; std::getline(specs, spec, ',');)
                    request.facets.push_back(parse_facet_request(spec));
            }
            QuerySession* session = &session_for(db, limits);
            answer_cached(cache, req, res, *session, [&] {
                const SearchResult result = session->search(request);
                std::ostringstream out;
                write_results(out, result, json);
                res.set_content(out.str(), "application/json");
                return !result.time_limited;
            });
        });
    });
    server.Get("/api/authors",
               [db, &json, limits, &cache](const httplib::Request& req, httplib::Response& res) {
                   answer(res, true, [&] {
                       const std::string name = req.get_param_value("name");
                       if (name.empty()) throw Error("name: no name", {}, kExitUsage);
                       const unsigned limit = number_param(req, "limit", 10, 1000);
                       QuerySession* session = &session_for(db, limits);
                       answer_cached(cache, req, res, *session, [&] {
                           std::ostringstream out;
                           json.authors(out, session->authors(name, limit, 5), {});
                           res.set_content(out.str(), "application/json");
                           return true;
                       });
                   });
               });
    server.Get("/api/trend",
               [db, &json, limits, &cache](const httplib::Request& req, httplib::Response& res) {
                   answer(res, true, [&] {
                       TrendRequest trend;
                       for (std::size_t i = 0; i < req.get_param_value_count("q"); ++i)
                           trend.queries.push_back(req.get_param_value("q", i));
                       if (trend.queries.empty()) throw Error("q: no query", {}, kExitUsage);
                       if (req.has_param("by")) {
                           auto by = trend_period_named(req.get_param_value("by"));
                           if (!by) throw Error("by: week, month or year", {}, kExitUsage);
                           trend.by = *by;
                       }
                       QuerySession* session = &session_for(db, limits);
                       answer_cached(cache, req, res, *session, [&] {
                           const TrendResult counts = session->trend(trend);
                           std::ostringstream out;
                           json.trend(out, counts, {});
                           res.set_content(out.str(), "application/json");
                           return !counts.time_limited;
                       });
                   });
               });
    server.Get(R"(/api/paper/([A-Za-z0-9./-]{1,64}))",
               [db, &json, limits](const httplib::Request& req, httplib::Response& res) {
                   answer(res, true, [&] {
                       SearchRequest request;
                       request.query = "id:" + std::string(req.matches[1]);
                       request.limit = 1;
                       QuerySession* session = &session_for(db, limits);
                       const SearchResult result = session->search(request);
                       if (result.hits.empty()) {
                           res.status = 404;
                           res.set_content(json_error("no paper " + std::string(req.matches[1])),
                                           "application/json");
                           return;
                       }
                       std::ostringstream out;
                       write_results(out, result, json);
                       res.set_content(out.str(), "application/json");
                   });
               });

    if (port == 0) {
        port = server.bind_to_any_port(options.host);
        if (port < 0) port = 0;
    } else if (!server.bind_to_port(options.host, port)) {
        port = 0;
    }
    if (port == 0) {
        std::cerr << "error: cannot listen on " << options.host << ":" << options.port
                  << " (in use, or not an address of this machine)\n"
                  << "hint: --port 0 takes any free port\n";
        return kExitUsage;
    }
    const std::string where = options.host + ":" + std::to_string(port);
    hosts = {where};
    if (options.host == "127.0.0.1" || options.host == "localhost" || options.host == "::1") {
        hosts.push_back("localhost:" + std::to_string(port));
        hosts.push_back("127.0.0.1:" + std::to_string(port));
        hosts.push_back("[::1]:" + std::to_string(port));
    } else {
        std::cerr << "warning: listening on " << where
                  << ": anyone who can reach this address can search this database\n";
    }
    std::cout << "serving " << names(options.db) << " at http://" << where << "/ (Ctrl-C stops)"
              << std::endl;

    std::thread watcher([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        server.stop();
    });
    server.listen_after_bind();
    // Wake the watcher if the server ended on its own.
    pthread_kill(watcher.native_handle(), SIGTERM);
    watcher.join();
    if (!options.quiet) std::cerr << "stopped\n";
    return kExitOk;
}

}  // namespace digest

// What web/serve.cpp looks up in this module.
extern "C" __attribute__((visibility("default"))) int digest_serve(
    const digest::ServeOptions* options) {
    return digest::serve_here(*options);
}
