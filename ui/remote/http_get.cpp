#include "remote/http_get.h"

#include "util/error.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace realm::ui {

bool isRemoteUrl(const QString& text) {
    return text.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
           text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
}

void throwError(const QString& where, const QString& what) {
    throw Error(QString(where + QStringLiteral(": ") + what).toStdString());
}

bool httpGet(const QUrl& url, std::optional<HttpRange> range, const JobControl* control,
             const std::function<QString(const HttpHead&)>& onHead,
             const std::function<void(const char* data, qint64 size)>& onData) {
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    // A byte range of a .gguf is taken as it is stored: a compressed answer has no byte offsets.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setTransferTimeout(30000);
    if (range)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(qulonglong(range->begin)) + '-' +
                                          QByteArray::number(qulonglong(range->end - 1)));
    QNetworkReply* reply = network.get(request);
    QEventLoop loop;
    QString refused;
    bool headSeen = false, cancelled = false;
    const auto head = [&] {
        if (headSeen) return;
        headSeen = true;
        HttpHead h;
        h.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        h.contentRange = reply->rawHeader("Content-Range");
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid()) h.contentLength = length.toLongLong();
        if (h.status >= 400) return; // the reply's own error says it
        refused = onHead(h);
        if (!refused.isEmpty()) reply->abort();
    };
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        head();
        if (!refused.isEmpty()) return;
        const QByteArray bytes = reply->readAll();
        if (!bytes.isEmpty()) onData(bytes.constData(), bytes.size());
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (control && control->cancelled()) {
            cancelled = true;
            reply->abort();
        }
    });
    poll.start(50);
    if (!reply->isFinished()) loop.exec();
    const QString where = url.toDisplayString();
    if (cancelled) {
        delete reply;
        return false;
    }
    if (!refused.isEmpty()) {
        delete reply;
        throwError(where, refused);
    }
    if (reply->error() != QNetworkReply::NoError) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        // untranslated: the protocol's own words ("HTTP 404 Not Found").
        const QString httpStatus = QStringLiteral("HTTP %1 %2").arg(status).arg(reason);
        const QString what = status >= 400 ? httpStatus : reply->errorString();
        delete reply;
        throwError(where, what);
    }
    head(); // an empty body has no readyRead
    const QByteArray rest = refused.isEmpty() ? reply->readAll() : QByteArray();
    if (!rest.isEmpty()) onData(rest.constData(), rest.size());
    delete reply;
    if (!refused.isEmpty()) throwError(where, refused);
    return true;
}

} // namespace realm::ui
