// SIGINT and SIGTERM ask a command to stop at its next safe point: a flag the long loops
// check, and a sleep that wakes when it is set. A second signal ends the process at once.
#pragma once

#include <atomic>

namespace digest {

// Installs the handlers (once per process; the binaries call it at start).
void install_stop_handlers();

// Set by SIGINT/SIGTERM.
std::atomic<bool>& stop_flag();
inline bool stop_requested() {
    return stop_flag().load(std::memory_order_relaxed);
}
// The signal that set the flag (SIGINT, SIGTERM), or 0.
int stop_signal();
// The exit code of a run a signal stopped: 128 + the signal (130 for SIGINT, 143 for SIGTERM;
// 130 when no signal came).
int interrupted_exit_code();

// Sleeps `seconds`, waking early when `stop` is set; false when it was.
bool sleep_unless_stopped(double seconds, const std::atomic<bool>& stop = stop_flag());

}  // namespace digest
