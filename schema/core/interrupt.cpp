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
}

}  // namespace

void install_stop_handlers() {
    // Without SA_RESTART, a read waiting for input (a terminal, a pipe) returns EINTR at the
    // first signal, so that it ends the run; SA_RESETHAND makes a second signal end the
    // process at once.
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

std::atomic<bool>& stop_flag() {
    return g_stop;
}

int stop_signal() {
    return g_signal.load();
}

int interrupted_exit_code() {
    const int sig = stop_signal();
    return 128 + (sig > 0 ? sig : SIGINT);
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
