#pragma once
#include <QMetaType>
#include <QObject>
#include <QThread>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace realm {
class GgufFile;
}

namespace realm::ui {

struct MemorySample {
    double seconds = 0; // since the sampler started
    uint64_t rss = 0;
    uint64_t mappedResident = 0;
    uint64_t mapped = 0;
    uint64_t kvCache = 0;
    uint64_t scratch = 0;
};

// Reads process memory figures on its own thread (mincore over a multi-GiB mapping must not
// touch the UI thread) and emits a sample every `intervalMs`. Engine workers report their
// KV-cache and scratch bytes through the atomic setters.
//
// mincore over a whole 5 GB mapping takes 10-60 ms: four times a second that is a quarter of
// a core taken from the engine. A new file is counted whole once; after that each sample
// recounts one part of at most ResidencyChunkBytes, in turn (a 5 GB file: all of it every 5 s).
class MemorySampler : public QObject {
    Q_OBJECT
  public:
    explicit MemorySampler(int intervalMs = 250, QObject* parent = nullptr);
    ~MemorySampler() override;

    void setFile(std::shared_ptr<const GgufFile> file);
    void setKvCacheBytes(uint64_t bytes) { kv_.store(bytes, std::memory_order_relaxed); }
    void setScratchBytes(uint64_t bytes) { scratch_.store(bytes, std::memory_order_relaxed); }

    static uint64_t processRss(); // /proc/self/statm
    static constexpr uint64_t ResidencyChunkBytes = uint64_t(256) << 20;

  Q_SIGNALS:
    void sampled(const realm::ui::MemorySample& sample);

  private:
    MemorySample sampleNow(); // on the sampler's thread
    uint64_t mappedResident(const std::shared_ptr<const GgufFile>& file);

    QThread thread_;
    QObject* ticker_ = nullptr;
    mutable std::mutex mutex_;
    std::shared_ptr<const GgufFile> file_;
    std::atomic<uint64_t> kv_{0}, scratch_{0};
    qint64 startMs_ = 0;
    // The sampler thread's running count of the file's resident bytes, one entry per chunk.
    std::weak_ptr<const GgufFile> counted_;
    std::vector<uint64_t> chunkResident_;
    size_t nextChunk_ = 0;
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::MemorySample)
