#include "writing/progress.hpp"

#include <cstdio>
#include <cstdlib>

namespace digest {

Progress::Progress(bool enabled) : enabled_(enabled) {
    start_ = phase_start_ = std::chrono::steady_clock::now();
    const char* t = std::getenv("DIGEST_TIMING");
    timing_ = t && *t && std::string(t) != "0";
}

Progress::~Progress() {
    finish();
    if (timing_ && !name_.empty()) {
        auto now = std::chrono::steady_clock::now();
        timings_ += " " + name_ + " " +
                    std::to_string(std::chrono::duration<double>(now - phase_start_).count()) +
                    " s";
        std::fprintf(stderr, "timing:%s\n", timings_.c_str());
    }
}

void Progress::phase(std::string name, std::size_t total) {
    if (timing_) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto now = std::chrono::steady_clock::now();
        if (!name_.empty())
            timings_ += " " + name_ + " " +
                        std::to_string(std::chrono::duration<double>(now - phase_start_).count()) +
                        " s";
        phase_start_ = now;
        if (!enabled_) name_ = name;
    }
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    name_ = std::move(name);
    total_ = total;
    done_ = 0;
    draw(true);
}

void Progress::advance(std::size_t n) {
    if (!enabled_) return;
    done_ += n;
    auto now = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    draw(false);
}

void Progress::draw(bool) {
    last_draw_ = std::chrono::steady_clock::now();
    double secs = std::chrono::duration<double>(last_draw_ - start_).count();
    std::size_t done = done_;
    char line[160];
    if (total_ > 0) {
        constexpr int kWidth = 30;
        int filled = static_cast<int>(kWidth * std::min<double>(1.0, double(done) / total_));
        std::string bar(static_cast<std::size_t>(filled), '=');
        if (filled < kWidth) bar += '>';
        bar.resize(kWidth, ' ');
        std::snprintf(line, sizeof line, "\r%-9s [%s] %zu/%zu  %.0f s\x1b[K", name_.c_str(),
                      bar.c_str(), done, total_, secs);
    } else {
        std::snprintf(line, sizeof line, "\r%-9s %zu  %.0f s\x1b[K", name_.c_str(), done, secs);
    }
    std::fputs(line, stderr);
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (drawn_) {
        std::fputs("\r\x1b[K", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace digest
