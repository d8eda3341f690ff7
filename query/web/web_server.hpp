// digest-query serve: a local search page and a JSON API over the query library, on an
// embedded HTTP server (cpp-httplib, Debian's libcpp-httplib-dev) in a module of its own. Loopback
// by default, GET and HEAD only, every answer escaped and sent with a strict
// Content-Security-Policy.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "language/query_limits.hpp"

namespace digest {

struct ServeOptions {
    std::vector<std::filesystem::path> db;  // searched as one
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port
    bool quiet = false;
    unsigned threads = 4;
    QueryLimits limits;  // every request's query is held to them, as on the command line
};

// Serves until SIGINT or SIGTERM; returns the exit code (0 after a signal). The server is the
// module digest-query-serve.so, loaded from beside the running binary or from the installed
// library folder; a missing module is an error naming both (exit 2).
int serve(const ServeOptions& options);

// The server itself, in the module (web_server.cpp).
int serve_here(const ServeOptions& options);

}  // namespace digest
