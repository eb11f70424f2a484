#pragma once
#include "util/job_control.h"

#include <QByteArray>
#include <QUrl>

#include <cstdint>
#include <functional>
#include <optional>

namespace realm::ui {

// http:// and https:// (what the app opens over the network instead of from disk).
bool isRemoteUrl(const QString& text);

// Throws realm::Error("WHERE: WHAT").
[[noreturn]] void throwError(const QString& where, const QString& what);

struct HttpRange {
    uint64_t begin = 0, end = 0; // [begin, end)
};

// What a server answered before its body.
struct HttpHead {
    int status = 0;
    QByteArray contentRange; // "bytes 0-99/1234"
    qint64 contentLength = -1;
};

// One blocking GET on the calling thread (a job's worker: it runs its own event loop), through
// Qt Network (https, redirects followed). `range` asks for those bytes only. `onHead` sees the
// final answer's status and headers before any body byte and returns an error message to stop
// (empty: go on); `onData` gets the body as it arrives. Returns false when the control was
// cancelled (the transfer stopped); throws realm::Error naming the URL for a network or HTTP
// error or what onHead refused.
bool httpGet(const QUrl& url, std::optional<HttpRange> range, const JobControl* control,
             const std::function<QString(const HttpHead&)>& onHead,
             const std::function<void(const char* data, qint64 size)>& onData);

} // namespace realm::ui
