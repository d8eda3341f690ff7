#include "core/interrupt.hpp"

#include <chrono>
#include <csignal>
#include <thread>

namespace digest {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void on_stop_signal(int sig) {
    g_signal = sig;
    g_stop = true;
    std::signal(sig, SIG_DFL);  // a second signal ends the process at once
}

}  // namespace

void install_stop_handlers() {
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
}

std::atomic<bool>& stop_flag() {
    return g_stop;
}

int stop_signal() {
    return g_signal.load();
}

bool sleep_unless_stopped(double seconds, const std::atomic<bool>& stop) {
    const auto end = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(seconds));
    while (std::chrono::steady_clock::now() < end) {
        if (stop) return false;
        auto left = end - std::chrono::steady_clock::now();
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(100)));
    }
    return !stop;
}

}  // namespace digest
