#pragma once
#include <atomic>
#include <functional>

namespace realm {

// How long engine work (an open, statistics, a prompt, a reply) is stopped and followed.
// Whoever asked for the work calls cancel() from any thread; the loop doing it polls
// cancelled() between chunks (rows, tokens, header items) and reports the fraction done
// through progress(), which throttles nothing: the receiver decides how often to pass it on.
class JobControl {
  public:
    JobControl() = default;
    explicit JobControl(std::function<void(double)> onProgress) : onProgress_(std::move(onProgress)) {}
    JobControl(const JobControl&) = delete;
    JobControl& operator=(const JobControl&) = delete;

    void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }
    void progress(double fraction) const {
        if (onProgress_) onProgress_(fraction);
    }

  private:
    std::atomic<bool> cancelled_{false};
    std::function<void(double)> onProgress_;
};

// For loops whose control is optional (nullptr: run to the end).
inline bool cancelled(const JobControl* control) {
    return control && control->cancelled();
}

} // namespace realm
