#include "serve_slots.h"

#include <algorithm>

namespace realm::cli {

SlotPool::SlotPool(const std::shared_ptr<const Model>& model, const SessionOptions& options, int slots,
                   int queueLimit)
    : queueLimit_(queueLimit) {
    slots_.resize(static_cast<size_t>(slots));
    for (Slot& s : slots_)
        s.session = std::make_unique<Session>(model, options);
}

SlotPool::Lease::~Lease() {
    pool_.release(slot_);
}

Session& SlotPool::Lease::session() const {
    return *pool_.slots_[slot_].session; // only this lease's thread touches a busy slot
}

JobControl& SlotPool::Lease::control() const {
    return *pool_.slots_[slot_].control;
}

std::unique_ptr<SlotPool::Lease> SlotPool::acquire(std::span<const int32_t> prompt) {
    std::unique_lock lock(mutex_);
    const auto anyFree = [&] {
        for (const Slot& s : slots_)
            if (!s.busy) return true;
        return false;
    };
    if (stopping_ || (!anyFree() && static_cast<int>(waiting_.size()) >= queueLimit_)) return nullptr;
    // First come, first served: a slot goes to the longest-waiting request.
    const uint64_t ticket = nextTicket_++;
    waiting_.push_back(ticket);
    freed_.wait(lock, [&] { return stopping_ || (anyFree() && waiting_.front() == ticket); });
    waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
    if (stopping_) return nullptr;
    size_t best = slots_.size(), bestShared = 0;
    for (size_t i = 0; i < slots_.size(); ++i) {
        if (slots_[i].busy) continue;
        const std::vector<int32_t>& cached = slots_[i].session->cachedTokens();
        size_t shared = 0;
        while (shared < cached.size() && shared < prompt.size() && cached[shared] == prompt[shared])
            ++shared;
        if (best == slots_.size() || shared > bestShared) best = i, bestShared = shared;
    }
    slots_[best].busy = true;
    slots_[best].control = std::make_unique<JobControl>();
    lock.unlock();
    freed_.notify_all(); // the next in line may take another free slot
    return std::make_unique<Lease>(*this, best);
}

void SlotPool::release(size_t slot) {
    {
        std::lock_guard lock(mutex_);
        slots_[slot].busy = false;
    }
    freed_.notify_all(); // only the first in line takes it
}

void SlotPool::shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (Slot& s : slots_)
            if (s.busy) s.control->cancel();
    }
    freed_.notify_all();
}

SlotPool::Counts SlotPool::counts() const {
    std::lock_guard lock(mutex_);
    Counts c;
    c.slots = static_cast<int>(slots_.size());
    for (const Slot& s : slots_)
        c.busy += s.busy ? 1 : 0;
    c.queued = static_cast<int>(waiting_.size());
    return c;
}

} // namespace realm::cli
