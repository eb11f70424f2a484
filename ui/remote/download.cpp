#include "remote/download.h"

#include "remote/http_get.h"

#include "util/error.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace realm::ui {

bool downloadFile(const QUrl& url, const QString& path, const JobControl& control) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) throwError(path, file.errorString());
    qint64 expected = -1, received = 0;
    QString writeError;
    const auto onHead = [&](const HttpHead& head) -> QString {
        if (head.status != 200)
            return QCoreApplication::translate("RemoteFile", "unexpected HTTP status %1").arg(head.status);
        expected = head.contentLength;
        return {};
    };
    const auto onData = [&](const char* bytes, qint64 n) {
        if (!writeError.isEmpty()) return;
        if (file.write(bytes, n) != n) writeError = file.errorString();
        received += n;
        if (expected > 0) control.progress(double(received) / double(expected));
    };
    const bool complete = httpGet(url, std::nullopt, &control, onHead, onData);
    if (!complete) {
        file.cancelWriting();
        return false;
    }
    if (!writeError.isEmpty()) throwError(path, writeError);
    if (expected >= 0 && received != expected)
        throwError(url.toDisplayString(),
                   QCoreApplication::translate("RemoteFile", "the download ended after %1 of %2 bytes")
                       .arg(received)
                       .arg(expected));
    if (!file.commit()) throwError(path, file.errorString());
    return true;
}

} // namespace realm::ui
