// http_load URL PATHS CLIENTS SECONDS: CLIENTS threads, each on one kept-alive connection,
// request the paths of the file PATHS (one a line, already encoded) in turn, client k starting
// at line k*N/CLIENTS, for SECONDS; then prints "requests/s median-ms p99-ms errors" on one
// line. A load generator that costs the machine little itself: the server under test, not the
// client, should be what the figures measure (scripts/bench).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: http_load URL PATHS CLIENTS SECONDS\n";
        return 2;
    }
    const std::regex url_form(R"(http://([^:/]+):(\d+)/?)");
    std::cmatch url;
    if (!std::regex_match(argv[1], url, url_form)) {
        std::cerr << "http_load: " << argv[1] << ": expected http://HOST:PORT/\n";
        return 2;
    }
    const std::string host = url[1];
    const int port = std::stoi(url[2]);
    std::vector<std::string> paths;
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) paths.push_back(line);
    if (paths.empty()) {
        std::cerr << "http_load: no paths in " << argv[2] << "\n";
        return 2;
    }
    const int clients = std::stoi(argv[3]);
    const double seconds = std::stod(argv[4]);

    using Clock = std::chrono::steady_clock;
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
    std::mutex lock;
    std::vector<double> latencies;
    std::atomic<long> errors{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < clients; ++k)
        threads.emplace_back([&, k] {
            httplib::Client client(host, port);
            client.set_keep_alive(true);
            client.set_read_timeout(30, 0);
            std::vector<double> mine;
            for (std::size_t i = static_cast<std::size_t>(k) * paths.size() / clients;
                 Clock::now() < end; ++i) {
                const auto start = Clock::now();
                auto res = client.Get(paths[i % paths.size()].c_str());
                mine.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - start).count());
                if (!res || res->status != 200) ++errors;
            }
            std::lock_guard<std::mutex> guard(lock);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    for (auto& t : threads) t.join();
    if (latencies.empty()) {
        std::cerr << "http_load: no request was made\n";
        return 1;
    }
    std::sort(latencies.begin(), latencies.end());
    const double median = latencies[latencies.size() / 2];
    const double p99 = latencies[static_cast<std::size_t>(0.99 * (latencies.size() - 1))];
    std::printf("%.1f %.3f %.3f %ld\n", latencies.size() / seconds, median, p99, errors.load());
    return 0;
}
