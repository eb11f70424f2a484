#pragma once
#include <QMetaType>
#include <QObject>
#include <QThread>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

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
class MemorySampler : public QObject {
    Q_OBJECT
  public:
    explicit MemorySampler(int intervalMs = 250, QObject* parent = nullptr);
    ~MemorySampler() override;

    void setFile(std::shared_ptr<const GgufFile> file);
    void setKvCacheBytes(uint64_t bytes) { kv_.store(bytes, std::memory_order_relaxed); }
    void setScratchBytes(uint64_t bytes) { scratch_.store(bytes, std::memory_order_relaxed); }

    // One sample taken now, on the calling thread.
    MemorySample sampleNow() const;
    static uint64_t processRss(); // /proc/self/statm

  Q_SIGNALS:
    void sampled(const realm::ui::MemorySample& sample);

  private:
    QThread thread_;
    QObject* ticker_ = nullptr;
    mutable std::mutex mutex_;
    std::shared_ptr<const GgufFile> file_;
    std::atomic<uint64_t> kv_{0}, scratch_{0};
    qint64 startMs_ = 0;
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::MemorySample)
