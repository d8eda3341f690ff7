// `digest-query serve` loads its HTTP server, the module digest-query-serve.so, only when it is
// asked for: the other commands start without cpp-httplib and the libraries it brings.
#include <dlfcn.h>

#include <filesystem>
#include <iostream>
#include <system_error>
#include <vector>

#include "core/error.hpp"
#include "web/web_server.hpp"

namespace digest {

namespace {

constexpr const char* kModule = "digest-query-serve.so";

// Beside the running binary (the build tree, or a copy with its module), then where
// `cmake --install` puts it.
std::vector<std::filesystem::path> module_places() {
    std::vector<std::filesystem::path> places;
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) places.push_back(self.parent_path() / kModule);
    places.push_back(std::filesystem::path(DIGEST_MODULE_DIR) / kModule);
    return places;
}

}  // namespace

int serve(const ServeOptions& options) {
    const std::vector<std::filesystem::path> places = module_places();
    for (const auto& place : places) {
        std::error_code ec;
        if (!std::filesystem::exists(place, ec)) continue;
        void* module = dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
        const char* why = module ? nullptr : dlerror();
        using Entry = int (*)(const ServeOptions*);
        auto entry = module ? reinterpret_cast<Entry>(dlsym(module, "digest_serve")) : nullptr;
        if (!entry) {
            std::cerr << "error: " << place.string() << ": cannot load the search page's server"
                      << (why ? std::string(": ") + why : std::string(" (no digest_serve in it)"))
                      << "\nhint: rebuild and reinstall digest-search (scripts/build)\n";
            return kExitUsage;
        }
        return entry(&options);
    }
    std::cerr << "error: the search page's server, " << kModule << ", is neither at "
              << places.front().string()
              << (places.size() > 1 ? " nor at " + places.back().string() : std::string())
              << "\nhint: scripts/build builds it beside digest-query, and cmake --install "
                 "installs it in the second place\n";
    return kExitUsage;
}

}  // namespace digest
