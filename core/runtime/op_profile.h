#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace realm {

// Where a forward pass spends its time, by kind of operation. A Session given one adds the
// time since the previous op to each op's kind as it finishes (one steady_clock read per
// op); without one, every hook is a single untaken branch.
enum class OpKind {
    AttnQ,
    AttnK,
    AttnV,
    AttnOutput,
    FfnGate,
    FfnUp,
    FfnDown,
    FfnExperts,
    Output,
    Attention,
    Norms,
    Rope,
    Sampling,
    Other,
    Count
};
constexpr size_t kOpKinds = static_cast<size_t>(OpKind::Count);

// "attn_q", …, "ffn_experts" (a mixture-of-experts block), "output", "attention", "norms",
// "rope", "sampling", "other".
std::string_view opKindName(OpKind kind);

struct OpProfile {
    using Clock = std::chrono::steady_clock;
    std::array<double, kOpKinds> seconds{};

    double& operator[](OpKind k) { return seconds[static_cast<size_t>(k)]; }
    double operator[](OpKind k) const { return seconds[static_cast<size_t>(k)]; }
    double total() const {
        double t = 0;
        for (double s : seconds)
            t += s;
        return t;
    }

    // Starts the clock (at `at`: a caller timing the same span passes its own start, so that no
    // preemption between two clock reads is missing from the laps); lap(k) then charges the time
    // since the last mark to k.
    void mark(Clock::time_point at = Clock::now()) { last_ = at; }
    // Where a phase of the forward pass begins: the time since the previous lap (the caller's
    // own work between phases) is charged to Other, so the kinds add up to the wall clock even
    // when the process is preempted between phases; the first phase only starts the clock.
    void resume() {
        if (last_ == Clock::time_point{})
            mark();
        else
            lap(OpKind::Other);
    }
    void lap(OpKind k) {
        const Clock::time_point now = Clock::now();
        (*this)[k] += std::chrono::duration<double>(now - last_).count();
        last_ = now;
    }

  private:
    Clock::time_point last_{};
};

} // namespace realm
