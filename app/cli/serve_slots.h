#pragma once
// realm-cli serve: the parallel slots. Each slot owns a Session (its own KV cache and work
// buffers) over the one shared, memory-mapped Model; requests beyond the slots wait in a
// bounded queue, and past its bound they are refused.
#include "runtime/session.h"
#include "util/job_control.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace realm::cli {

class SlotPool {
  public:
    SlotPool(const std::shared_ptr<const Model>& model, const SessionOptions& options, int slots,
             int queueLimit);

    // A slot held by one request; destroying it frees the slot for the next.
    class Lease {
      public:
        Lease(SlotPool& pool, size_t slot) : pool_(pool), slot_(slot) {}
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Session& session() const;
        // Cancelled when the server shuts down; the request cancels it when its client leaves.
        JobControl& control() const;

      private:
        SlotPool& pool_;
        size_t slot_;
    };

    // Waits for a free slot, preferring the one whose cache shares the longest prefix with
    // `prompt` (a continued chat reuses its KV cache). nullptr when slots and queue are all
    // taken, or the pool is shutting down.
    std::unique_ptr<Lease> acquire(std::span<const int32_t> prompt);
    // Cancels running generations and refuses waiting and new requests.
    void shutdown();

    struct Counts {
        int slots = 0, busy = 0, queued = 0;
    };
    Counts counts() const;
    int queueLimit() const { return queueLimit_; }
    int64_t contextLength() const { return slots_.front().session->contextLength(); }

  private:
    struct Slot {
        std::unique_ptr<Session> session;
        std::unique_ptr<JobControl> control; // a fresh one per request
        bool busy = false;
    };
    void release(size_t slot);

    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<Slot> slots_;
    int queueLimit_;
    std::deque<uint64_t> waiting_; // tickets of the queued requests, oldest first
    uint64_t nextTicket_ = 0;
    bool stopping_ = false;
};

} // namespace realm::cli
