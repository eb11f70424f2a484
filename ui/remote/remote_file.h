#pragma once
#include "util/job_control.h"

#include <QUrl>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace realm {
class GgufFile;
}

namespace realm::ui {

// A GGUF file on a web server, read with HTTP range requests: the header once (growing the
// range until the parser has all of it), then only the bytes that rows and statistics need,
// kept in a cache of 64 KiB pieces bounded in size (the least recently used go first).
// Thread-safe: jobs read from it on worker threads.
class RemoteFile {
  public:
    static constexpr uint64_t ChunkBytes = 64 * 1024;
    static constexpr uint64_t DefaultCacheBytes = 256ull * 1024 * 1024;
    static constexpr uint64_t FirstHeaderBytes = 64 * 1024;

    explicit RemoteFile(QUrl url);

    const QUrl& url() const { return url_; }
    uint64_t size() const { return size_; } // known once the header was read

    // Reads and parses the header. Throws realm::Error naming the URL (and, for a bad header,
    // the offset) or GgufOpenCancelled. `parsed` follows the parse (header bytes so far).
    std::shared_ptr<const GgufFile> readHeader(const JobControl& control,
                                               const std::function<void(uint64_t parsed)>& parsed);

    // Bytes [begin, end) of the file, from the cache or the server. progress(0..1) as bytes
    // arrive. When the control is cancelled it stops and returns what it has (the rest zero):
    // callers drop the result of a cancelled job.
    std::vector<uint8_t> read(uint64_t begin, uint64_t end, const JobControl* control,
                              const std::function<void(double)>& progress = {});

    uint64_t bytesReceived() const { return received_.load(); } // body bytes over the network
    uint64_t cachedBytes() const;
    uint64_t cacheLimit() const;
    void setCacheLimit(uint64_t bytes);

  private:
    // One range request: [begin, end) must come back as 206 Partial Content.
    bool fetch(uint64_t begin, uint64_t end, const JobControl* control,
               const std::function<void(const char*, qint64)>& onData);
    bool cached(uint64_t chunk, uint8_t* out, uint64_t begin, uint64_t end);
    void keep(uint64_t chunk, std::vector<uint8_t> bytes);

    struct Chunk {
        std::vector<uint8_t> bytes;
        uint64_t lastUse = 0;
    };
    const QUrl url_;
    std::atomic<uint64_t> size_{0};
    std::atomic<uint64_t> received_{0};
    mutable std::mutex mutex_;
    std::map<uint64_t, Chunk> chunks_;
    uint64_t cachedBytes_ = 0;
    uint64_t limit_ = DefaultCacheBytes;
    uint64_t useClock_ = 0;
};

} // namespace realm::ui
