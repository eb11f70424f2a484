#include "jobs/memory_sampler.h"

#include "gguf/gguf_file.h"
#include "gguf/mapped_file.h"

#include <QDateTime>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace realm::ui {

MemorySampler::MemorySampler(int intervalMs, QObject* parent) : QObject(parent) {
    qRegisterMetaType<MemorySample>();
    startMs_ = QDateTime::currentMSecsSinceEpoch();
    thread_.setObjectName(QStringLiteral("memory-sampler"));
    ticker_ = new QObject;
    auto* timer = new QTimer(ticker_);
    timer->setInterval(intervalMs);
    ticker_->moveToThread(&thread_); // takes the timer along
    connect(timer, &QTimer::timeout, ticker_, [this] { Q_EMIT sampled(sampleNow()); });
    connect(&thread_, &QThread::started, timer, qOverload<>(&QTimer::start));
    thread_.start();
}

MemorySampler::~MemorySampler() {
    // The ticker (and its timer) must die on their own thread.
    QMetaObject::invokeMethod(
        ticker_, [t = ticker_] { delete t; }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

void MemorySampler::setFile(std::shared_ptr<const GgufFile> file) {
    std::lock_guard lock(mutex_);
    file_ = std::move(file);
}

uint64_t MemorySampler::processRss() {
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long long size = 0, resident = 0;
    const int n = std::fscanf(f, "%llu %llu", &size, &resident);
    std::fclose(f);
    return n == 2 ? resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

uint64_t MemorySampler::mappedResident(const std::shared_ptr<const GgufFile>& file) {
    const MappedFile& map = file->mapping();
    const size_t chunks = size_t((map.size() + ResidencyChunkBytes - 1) / ResidencyChunkBytes);
    const auto count = [&](size_t c) {
        chunkResident_[c] = map.residentBytes(c * ResidencyChunkBytes, ResidencyChunkBytes);
    };
    if (counted_.lock() != file || chunkResident_.size() != chunks) {
        counted_ = file;
        chunkResident_.assign(chunks, 0);
        for (size_t c = 0; c < chunks; ++c)
            count(c);
        nextChunk_ = 0;
    } else if (chunks > 0) {
        count(nextChunk_);
        nextChunk_ = (nextChunk_ + 1) % chunks;
    }
    uint64_t total = 0;
    for (uint64_t bytes : chunkResident_)
        total += bytes;
    return total;
}

MemorySample MemorySampler::sampleNow() {
    MemorySample s;
    s.seconds = static_cast<double>(QDateTime::currentMSecsSinceEpoch() - startMs_) / 1000.0;
    s.rss = processRss();
    std::shared_ptr<const GgufFile> file;
    {
        std::lock_guard lock(mutex_);
        file = file_;
    }
    if (file && file->hasMapping()) { // a file read over HTTP maps nothing
        s.mapped = file->fileSize();
        s.mappedResident = mappedResident(file);
    }
    s.kvCache = kv_.load(std::memory_order_relaxed);
    s.scratch = scratch_.load(std::memory_order_relaxed);
    return s;
}

} // namespace realm::ui
