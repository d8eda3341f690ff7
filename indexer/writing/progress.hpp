// A one-line progress display on stderr, shown only when stderr is a terminal.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace digest {

class Progress {
  public:
    explicit Progress(bool enabled);
    ~Progress();
    // Starts a phase ("parsing", "writing") of `total` units; 0 when unknown. Works (for
    // DIGEST_TIMING) even when the display is off.
    void phase(std::string name, std::size_t total);
    // Thread-safe; redraws at most ten times a second.
    void advance(std::size_t n = 1);
    void finish();  // clears the line

  private:
    void draw(bool force);

    bool enabled_;
    std::mutex mutex_;
    std::string name_;
    std::size_t total_ = 0;
    std::atomic<std::size_t> done_{0};
    std::chrono::steady_clock::time_point start_, last_draw_;
    bool drawn_ = false;
    // DIGEST_TIMING=1 prints how long each phase took (for benchmarks).
    bool timing_ = false;
    std::chrono::steady_clock::time_point phase_start_;
    std::string timings_;
};

}  // namespace digest
