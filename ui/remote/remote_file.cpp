#include "remote/remote_file.h"

#include "remote/http_get.h"

#include "gguf/gguf_file.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cstring>

namespace realm::ui {

namespace {
// "bytes 0-99/1234" → first byte and total size; false for anything else ("bytes 0-99/*").
bool parseContentRange(const QByteArray& value, uint64_t* first, uint64_t* total) {
    // untranslated: a pattern, never shown.
    static const QRegularExpression form(QStringLiteral("^bytes\\s+(\\d+)-(\\d+)/(\\d+)$"));
    const QRegularExpressionMatch m = form.match(QString::fromLatin1(value.trimmed()));
    if (!m.hasMatch()) return false;
    *first = m.captured(1).toULongLong();
    *total = m.captured(3).toULongLong();
    return true;
}
} // namespace

RemoteFile::RemoteFile(QUrl url) : url_(std::move(url)) {}

bool RemoteFile::fetch(uint64_t begin, uint64_t end, const JobControl* control,
                       const std::function<void(const char*, qint64)>& onData) {
    uint64_t delivered = 0;
    const auto onHead = [&](const HttpHead& head) -> QString {
        if (head.status == 200)
            return QCoreApplication::translate(
                "RemoteFile",
                "the server does not answer range requests (it sent the whole file, HTTP 200, instead of "
                "206 Partial Content): download the file and open it from disk");
        if (head.status != 206)
            return QCoreApplication::translate("RemoteFile", "unexpected HTTP status %1 to a range request")
                .arg(head.status);
        uint64_t first = 0, total = 0;
        if (!parseContentRange(head.contentRange, &first, &total))
            return QCoreApplication::translate("RemoteFile",
                                               "the server's Content-Range '%1' gives no file size")
                .arg(QString::fromLatin1(head.contentRange));
        if (first != begin)
            return QCoreApplication::translate("RemoteFile",
                                               "asked for bytes from %1, the server sent them from %2")
                .arg(begin)
                .arg(first);
        const uint64_t known = size_.load();
        if (known && total != known)
            return QCoreApplication::translate("RemoteFile",
                                               "the file changed on the server: it had %1 bytes, now %2")
                .arg(known)
                .arg(total);
        size_ = total;
        return {};
    };
    const auto data = [&](const char* bytes, qint64 n) {
        received_ += uint64_t(n);
        const uint64_t take = std::min<uint64_t>(uint64_t(n), end - begin - delivered);
        delivered += take;
        if (take) onData(bytes, qint64(take));
    };
    return httpGet(url_, HttpRange{begin, end}, control, onHead, data);
}

std::shared_ptr<const GgufFile> RemoteFile::readHeader(const JobControl& control,
                                                       const std::function<void(uint64_t)>& parsed) {
    const std::string name = url_.toDisplayString().toStdString();
    std::vector<uint8_t> prefix;
    uint64_t want = FirstHeaderBytes;
    GgufOpenOptions options;
    options.progress = [&](uint64_t at, uint64_t) {
        if (parsed) parsed(at);
        return !control.cancelled();
    };
    for (;;) {
        const uint64_t from = prefix.size();
        const bool complete = fetch(from, want, &control, [&](const char* bytes, qint64 n) {
            prefix.insert(prefix.end(), bytes, bytes + n);
        });
        if (!complete || control.cancelled()) throw GgufOpenCancelled(name + ": loading was cancelled");
        const uint64_t size = size_.load();
        if (prefix.size() < std::min(want, size))
            throw Error(name + ": the server sent " + std::to_string(prefix.size() - from) +
                        " bytes from offset " + std::to_string(from) + ", fewer than asked for");
        GgufHeaderParse r = GgufFile::parseHeader(name, prefix, size, options);
        if (r.file) return r.file;
        // Twice as much each time: a long vocabulary takes a few requests, not thousands.
        want = std::min(size, std::max(r.needBytes, 2 * want));
    }
}

bool RemoteFile::cached(uint64_t chunk, uint8_t* out, uint64_t begin, uint64_t end) {
    std::lock_guard lock(mutex_);
    auto it = chunks_.find(chunk);
    if (it == chunks_.end()) return false;
    it->second.lastUse = ++useClock_;
    const uint64_t chunkBegin = chunk * ChunkBytes;
    const uint64_t from = std::max(begin, chunkBegin),
                   to = std::min(end, chunkBegin + it->second.bytes.size());
    if (to > from)
        std::memcpy(out + (from - begin), it->second.bytes.data() + (from - chunkBegin), to - from);
    return true;
}

void RemoteFile::keep(uint64_t chunk, std::vector<uint8_t> bytes) {
    std::lock_guard lock(mutex_);
    if (bytes.size() > limit_ || chunks_.count(chunk)) return;
    while (cachedBytes_ + bytes.size() > limit_ && !chunks_.empty()) {
        auto oldest = std::min_element(chunks_.begin(), chunks_.end(), [](const auto& a, const auto& b) {
            return a.second.lastUse < b.second.lastUse;
        });
        cachedBytes_ -= oldest->second.bytes.size();
        chunks_.erase(oldest);
    }
    cachedBytes_ += bytes.size();
    chunks_[chunk] = Chunk{std::move(bytes), ++useClock_};
}

std::vector<uint8_t> RemoteFile::read(uint64_t begin, uint64_t end, const JobControl* control,
                                      const std::function<void(double)>& progress) {
    const uint64_t size = size_.load();
    if (begin > end || end > size)
        throw Error(url_.toDisplayString().toStdString() + ": bytes [" + std::to_string(begin) + ", " +
                    std::to_string(end) + ") lie outside the file (" + std::to_string(size) + " bytes)");
    std::vector<uint8_t> out(end - begin);
    if (begin == end) return out;
    const uint64_t last = (end - 1) / ChunkBytes;
    uint64_t done = 0;
    const auto advance = [&](uint64_t bytes) {
        done += bytes;
        if (progress) progress(double(done) / double(out.size()));
    };
    for (uint64_t chunk = begin / ChunkBytes; chunk <= last;) {
        if (cancelled(control)) return out;
        if (cached(chunk, out.data(), begin, end)) {
            const uint64_t chunkBegin = chunk * ChunkBytes;
            advance(std::min(end, chunkBegin + ChunkBytes) - std::max(begin, chunkBegin));
            ++chunk;
            continue;
        }
        // One request for the run of pieces that are missing; each piece is kept as it completes.
        uint64_t runEnd = chunk + 1;
        while (runEnd <= last && !cached(runEnd, nullptr, 0, 0))
            ++runEnd;
        const uint64_t from = chunk * ChunkBytes, to = std::min(size, runEnd * ChunkBytes);
        uint64_t at = from;
        std::vector<uint8_t> piece;
        const bool complete = fetch(from, to, control, [&](const char* bytes, qint64 n) {
            for (qint64 i = 0; i < n;) {
                const uint64_t pieceBegin = at - at % ChunkBytes;
                const uint64_t pieceEnd = std::min(size, pieceBegin + ChunkBytes);
                const uint64_t take = std::min<uint64_t>(uint64_t(n - i), pieceEnd - at);
                piece.insert(piece.end(), bytes + i, bytes + i + take);
                const uint64_t lo = std::max(begin, at), hi = std::min(end, at + take);
                if (hi > lo) {
                    std::memcpy(out.data() + (lo - begin), bytes + i + (lo - at), hi - lo);
                    advance(hi - lo);
                }
                at += take;
                i += qint64(take);
                if (at == pieceEnd) keep(pieceBegin / ChunkBytes, std::exchange(piece, {}));
            }
        });
        if (!complete) return out;
        if (at != to)
            throw Error(url_.toDisplayString().toStdString() + ": the server sent " +
                        std::to_string(at - from) + " of the " + std::to_string(to - from) +
                        " bytes asked for from offset " + std::to_string(from));
        chunk = runEnd;
    }
    return out;
}

uint64_t RemoteFile::cachedBytes() const {
    std::lock_guard lock(mutex_);
    return cachedBytes_;
}

uint64_t RemoteFile::cacheLimit() const {
    std::lock_guard lock(mutex_);
    return limit_;
}

void RemoteFile::setCacheLimit(uint64_t bytes) {
    std::lock_guard lock(mutex_);
    limit_ = bytes;
    while (cachedBytes_ > limit_ && !chunks_.empty()) {
        cachedBytes_ -= chunks_.begin()->second.bytes.size();
        chunks_.erase(chunks_.begin());
    }
}

} // namespace realm::ui
