// GGUF over HTTP against a real web server started here (Debian's lighttpd, on loopback): the
// header and tensor table read with range requests equal the local file's, a row or statistics
// fetched remotely equal the local ones for far fewer bytes than the file, the cache stays in
// its bound, a server without ranges and a broken header get clear messages, Cancel stops a
// fetch and a download (which leaves nothing), and the window's pages that run the model offer
// the download and open the local copy; the chat offers a server instead and chats with it.
#include "chat_reply.h"
#include "cli_run.h"
#include "conformance.h"
#include "document/model_document.h"
#include "document/model_session.h"
#include "jobs/remote_chat.h"
#include "pages/chat_page.h"
#include "pages/quantize_preview.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "remote/remote_file.h"
#include "serve_process.h"
#include "widgets/chat_backend_panel.h"
#include "widgets/download_panel.h"
#include "widgets/error_banner.h"
#include "window/main_window.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace realm::ui;

namespace {

const char* const Fixture = "models/llama-s256-untied-Q4_K_M.gguf";

QString demoPath() {
    return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
}

QString lighttpdPath() {
    QString path = QStandardPaths::findExecutable(QStringLiteral("lighttpd"));
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            QStringLiteral("lighttpd"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    return path;
}

// lighttpd serving `root` on a free loopback port; /slow/ is throttled to 64 KB/s, /moved/X
// redirects to /X. Stopped when deleted.
class WebServer {
  public:
    WebServer(const QString& root, bool ranges) {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port_ = probe.serverPort();
        probe.close();
        const QString conf = dir_.filePath(QStringLiteral("lighttpd.conf"));
        QFile f(conf);
        if (!f.open(QIODevice::WriteOnly)) return;
        f.write(QStringLiteral("server.document-root = \"%1\"\n"
                               "server.bind = \"127.0.0.1\"\n"
                               "server.port = %2\n"
                               "server.modules = (\"mod_redirect\")\n"
                               "server.errorlog = \"%3/error.log\"\n"
                               "server.range-requests = \"%4\"\n"
                               "mimetype.assign = (\".gguf\" => \"application/octet-stream\")\n"
                               "url.redirect = (\"^/moved/(.*)$\" => \"/$1\")\n"
                               "$HTTP[\"url\"] =~ \"^/slow/\" { connection.kbytes-per-second = 64 }\n")
                    .arg(root)
                    .arg(port_)
                    .arg(dir_.path(), ranges ? QStringLiteral("enable") : QStringLiteral("disable"))
                    .toUtf8());
        f.close();
        process_.setProcessChannelMode(QProcess::MergedChannels);
        process_.start(lighttpdPath(), {QStringLiteral("-D"), QStringLiteral("-f"), conf});
        if (!process_.waitForStarted(5000)) return;
        for (int i = 0; i < 100 && !ready_; ++i) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, port_);
            ready_ = s.waitForConnected(100);
            if (!ready_) QTest::qWait(50);
        }
    }
    ~WebServer() {
        process_.terminate();
        if (!process_.waitForFinished(5000)) process_.kill();
        process_.waitForFinished(5000);
    }
    bool ready() const { return ready_; }
    QString output() { return QString::fromUtf8(process_.readAll()); }
    QString url(const QString& path) const {
        return QStringLiteral("http://127.0.0.1:%1/%2").arg(port_).arg(path);
    }

  private:
    QTemporaryDir dir_;
    QProcess process_;
    quint16 port_ = 0;
    bool ready_ = false;
};

// Loads path (or URL) into a new session; nullptr with the error in *error.
std::unique_ptr<ModelSession> load(const QString& path, QString* error = nullptr) {
    auto session = std::make_unique<ModelSession>();
    QSignalSpy loaded(session.get(), &ModelSession::loaded);
    QSignalSpy failed(session.get(), &ModelSession::loadFailed);
    session->load(path);
    if (!QTest::qWaitFor([&] { return !loaded.isEmpty() || !failed.isEmpty(); }, 30000)) {
        if (error) *error = QStringLiteral("timed out");
        return nullptr;
    }
    if (!failed.isEmpty()) {
        if (error) *error = failed.first().at(1).toString();
        return nullptr;
    }
    return session;
}

RowResult row(ModelSession& s, int tensor, int64_t r) {
    QSignalSpy spy(&s, &ModelSession::rowReady);
    s.requestRow(tensor, r);
    if (spy.isEmpty() && !spy.wait(30000)) return {};
    return spy.first().first().value<RowResult>();
}

TensorStatsResult stats(ModelSession& s, int tensor) {
    QSignalSpy spy(&s, &ModelSession::statsReady);
    s.requestStats(tensor);
    if (spy.isEmpty() && !spy.wait(60000)) return {};
    return spy.first().first().value<TensorStatsResult>();
}

} // namespace

class TestRemoteGguf : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir root_; // the server's document root
    std::unique_ptr<WebServer> server_, noRanges_;

    void compareWithLocal(const QString& name, const QString& local) {
        QString error;
        auto remote = load(server_->url(name), &error);
        QVERIFY2(remote, qPrintable(error));
        auto mine = load(local, &error);
        QVERIFY2(mine, qPrintable(error));
        const ModelSummary &a = remote->summary(), &b = mine->summary();
        QVERIFY(remote->remote());
        QVERIFY(!mine->remote());
        QCOMPARE(a.fileSize, b.fileSize);
        QCOMPARE(a.architecture, b.architecture);
        QCOMPARE(a.fileType, b.fileType);
        QCOMPARE(a.parameters, b.parameters);
        QCOMPARE(a.metadata.size(), b.metadata.size());
        for (qsizetype i = 0; i < a.metadata.size(); ++i) {
            QCOMPARE(a.metadata[i].key, b.metadata[i].key);
            QCOMPARE(a.metadata[i].type, b.metadata[i].type);
            QCOMPARE(a.metadata[i].value, b.metadata[i].value);
            QCOMPARE(a.metadata[i].items, b.metadata[i].items);
        }
        QCOMPARE(a.tensors.size(), b.tensors.size());
        for (qsizetype i = 0; i < a.tensors.size(); ++i) {
            QCOMPARE(a.tensors[i].name, b.tensors[i].name);
            QCOMPARE(a.tensors[i].type, b.tensors[i].type);
            QCOMPARE(a.tensors[i].shape, b.tensors[i].shape);
            QCOMPARE(a.tensors[i].offset, b.tensors[i].offset);
            QCOMPARE(a.tensors[i].bytes, b.tensors[i].bytes);
        }
    }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_remote_gguf"));
        if (lighttpdPath().isEmpty())
            QSKIP("lighttpd is not installed (./setup.sh installs it): these tests need a real web server "
                  "that answers range requests");
        QDir root(root_.path());
        root.mkdir(QStringLiteral("slow"));
        QVERIFY(QFile::copy(demoPath(), root.filePath(QStringLiteral("demo.gguf"))));
        QVERIFY(QFile::copy(demoPath(), root.filePath(QStringLiteral("slow/demo.gguf"))));
        if (realm::test::missingConformance(Fixture).isEmpty())
            QVERIFY(QFile::copy(realm::test::conformancePath(Fixture),
                                root.filePath(QStringLiteral("fixture.gguf"))));
        QFile demo(demoPath());
        QVERIFY(demo.open(QIODevice::ReadOnly));
        const QByteArray bytes = demo.readAll();
        // Cut inside the vocabulary, and a wrong magic.
        QFile cut(root.filePath(QStringLiteral("truncated.gguf")));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(bytes.left(3000));
        cut.close();
        QByteArray bad = bytes;
        bad[3] = 'X';
        QFile corrupt(root.filePath(QStringLiteral("corrupt.gguf")));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        corrupt.write(bad);
        corrupt.close();
        server_ = std::make_unique<WebServer>(root_.path(), true);
        QVERIFY2(server_->ready(), qPrintable(server_->output()));
        noRanges_ = std::make_unique<WebServer>(root_.path(), false);
        QVERIFY2(noRanges_->ready(), qPrintable(noRanges_->output()));
    }

    void cleanupTestCase() {
        noRanges_.reset();
        server_.reset();
    }

    void headerAndTensorTableEqualLocal() { compareWithLocal(QStringLiteral("demo.gguf"), demoPath()); }

    void conformanceFixtureEqualsLocal() {
        REALM_NEED_CONFORMANCE(Fixture);
        compareWithLocal(QStringLiteral("fixture.gguf"), realm::test::conformancePath(Fixture));
    }

    void redirectsAreFollowed() {
        QString error;
        auto remote = load(server_->url(QStringLiteral("moved/demo.gguf")), &error);
        QVERIFY2(remote, qPrintable(error));
        QCOMPARE(remote->summary().tensors.size(), 38);
    }

    // Header + one row: the same values as the local file, far fewer bytes than the file.
    void rowFetchedRemotelyEqualsLocal() {
        REALM_NEED_CONFORMANCE(Fixture);
        QString error;
        auto remote = load(server_->url(QStringLiteral("fixture.gguf")), &error);
        QVERIFY2(remote, qPrintable(error));
        auto local = load(realm::test::conformancePath(Fixture), &error);
        QVERIFY2(local, qPrintable(error));
        const ModelSummary& s = local->summary();
        int big = 0;
        for (const TensorEntry& t : s.tensors)
            if (t.bytes > s.tensors[big].bytes) big = t.index;
        // A row whose next row lies in the same 64 KiB piece of the file.
        const TensorEntry& t = s.tensors[big];
        const uint64_t rowBytes = t.bytes / uint64_t(t.rows), piece = RemoteFile::ChunkBytes;
        int64_t pick = t.rows / 2;
        while ((t.offset + uint64_t(pick) * rowBytes) / piece !=
               (t.offset + uint64_t(pick + 2) * rowBytes - 1) / piece)
            ++pick;
        const RowResult a = row(*remote, big, pick), b = row(*local, big, pick);
        QCOMPARE(a.row, pick);
        QVERIFY(!b.values.isEmpty());
        QCOMPARE(a.values, b.values);
        const uint64_t received = remote->remote()->bytesReceived();
        qInfo("header + one row of %s: %llu bytes received of a %llu-byte file",
              qPrintable(s.tensors[big].name), qulonglong(received), qulonglong(s.fileSize));
        QVERIFY2(received < s.fileSize / 8, qPrintable(QString::number(received)));
        // The next row, in the same piece, comes from the cache.
        const RowResult next = row(*remote, big, pick + 1);
        QCOMPARE(next.values, row(*local, big, pick + 1).values);
        QCOMPARE(remote->remote()->bytesReceived(), received);
    }

    // Statistics of every tensor through a cache of 256 KiB: equal to the local ones, and the
    // cache never holds more than its bound.
    void cacheBoundHolds() {
        QString error;
        auto remote = load(server_->url(QStringLiteral("demo.gguf")), &error);
        QVERIFY2(remote, qPrintable(error));
        auto local = load(demoPath(), &error);
        QVERIFY2(local, qPrintable(error));
        const uint64_t limit = 256 * 1024;
        remote->remote()->setCacheLimit(limit);
        uint64_t largest = 0;
        for (const TensorEntry& t : local->summary().tensors) {
            const TensorStatsResult a = stats(*remote, t.index), b = stats(*local, t.index);
            QCOMPARE(a.tensor, t.index);
            QCOMPARE(a.count, b.count);
            QCOMPARE(a.min, b.min);
            QCOMPARE(a.max, b.max);
            QCOMPARE(a.mean, b.mean);
            QCOMPARE(a.histogram, b.histogram);
            largest = std::max(largest, remote->remote()->cachedBytes());
            QVERIFY2(remote->remote()->cachedBytes() <= limit,
                     qPrintable(QString::number(remote->remote()->cachedBytes())));
        }
        QVERIFY(largest > limit / 2); // the cache was used, up to its bound
    }

    void serverWithoutRangesGetsClearMessage() {
        QString error;
        QVERIFY(!load(noRanges_->url(QStringLiteral("demo.gguf")), &error));
        QVERIFY2(error.contains(QStringLiteral("does not answer range requests")), qPrintable(error));
        QVERIFY2(error.startsWith(noRanges_->url(QStringLiteral("demo.gguf"))), qPrintable(error));
    }

    // The CLI twin: realm-cli info URL --json prints what it prints for the local file (but the path).
    void cliReadsTheHeaderOverHttp() {
        const QString url = server_->url(QStringLiteral("demo.gguf"));
        const realm::test::CliResult remote =
            realm::test::runCli({QStringLiteral("info"), url, QStringLiteral("--json")});
        QVERIFY2(remote.exitCode == 0, remote.err.constData());
        const realm::test::CliResult local =
            realm::test::runCli({QStringLiteral("info"), demoPath(), QStringLiteral("--json")});
        QCOMPARE(local.exitCode, 0);
        QJsonObject a = QJsonDocument::fromJson(remote.out).object(),
                    b = QJsonDocument::fromJson(local.out).object();
        QCOMPARE(a.take(QStringLiteral("path")).toString(), url);
        b.remove(QStringLiteral("path"));
        QVERIFY(!a.isEmpty());
        QCOMPARE(a, b);
        REALM_EXPECT_ONE_LINE_ERROR(
            realm::test::runCli({QStringLiteral("tensors"), noRanges_->url(QStringLiteral("demo.gguf"))}),
            "does not answer range requests");
        REALM_EXPECT_ONE_LINE_ERROR(
            realm::test::runCli({QStringLiteral("info"), server_->url(QStringLiteral("truncated.gguf"))}),
            QStringLiteral("%1: offset ").arg(server_->url(QStringLiteral("truncated.gguf"))).toUtf8());
    }

    void brokenHeadersNameTheOffset() {
        QString error;
        QVERIFY(!load(server_->url(QStringLiteral("truncated.gguf")), &error));
        QVERIFY2(
            error.startsWith(server_->url(QStringLiteral("truncated.gguf")) + QStringLiteral(": offset ")),
            qPrintable(error));
        QVERIFY(!load(server_->url(QStringLiteral("corrupt.gguf")), &error));
        QVERIFY2(
            error.startsWith(server_->url(QStringLiteral("corrupt.gguf")) + QStringLiteral(": offset 0: ")),
            qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("magic")), qPrintable(error));
        QVERIFY(!load(server_->url(QStringLiteral("missing.gguf")), &error));
        QVERIFY2(error.contains(QStringLiteral("404")), qPrintable(error));
    }

    // Statistics of a large tensor over a slow server: Cancel stops the transfer at once.
    void cancelStopsTheFetch() {
        QString error;
        auto remote = load(server_->url(QStringLiteral("slow/demo.gguf")), &error);
        QVERIFY2(remote, qPrintable(error));
        const ModelSummary& s = remote->summary();
        int big = 0;
        for (const TensorEntry& t : s.tensors)
            if (t.bytes > s.tensors[big].bytes) big = t.index;
        QSignalSpy progress(remote.get(), &ModelSession::statsProgress);
        QSignalSpy ready(remote.get(), &ModelSession::statsReady);
        QSignalSpy running(remote.get(), &ModelSession::statsRunningChanged);
        const uint64_t before = remote->remote()->bytesReceived();
        remote->requestStats(big);
        QVERIFY(QTest::qWaitFor([&] { return !progress.isEmpty() && progress.last().first().toDouble() > 0; },
                                20000));
        QElapsedTimer timer;
        timer.start();
        remote->cancelTensorJobs();
        QTRY_VERIFY_WITH_TIMEOUT(!remote->statsRunning(), 5000);
        qInfo("cancelled after %llu of %llu bytes, stopped in %lld ms",
              qulonglong(remote->remote()->bytesReceived() - before), qulonglong(s.tensors[big].bytes),
              qlonglong(timer.elapsed()));
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(ready.isEmpty());
        QVERIFY(remote->remote()->bytesReceived() - before < s.tensors[big].bytes / 2);
    }

    // The inspector's Quantize tab reads the tensor's bytes over HTTP: the same figures as from disk.
    void quantizePreviewOverHttp() {
        const auto preview = [](const QString& file) -> realm::QuantizationError {
            MainWindow w;
            w.openFile(file);
            if (!QTest::qWaitFor([&] { return w.session() && w.session()->isLoaded(); }, 30000)) return {};
            w.showPage(QStringLiteral("tensors"));
            TensorsPage* page = w.page<TensorsPage>();
            for (const TensorEntry& t : w.session()->summary().tensors)
                if (t.name == QStringLiteral("blk.0.ffn_gate.weight")) page->selectTensor(t.index);
            TensorInspector* inspector = page->inspector();
            QuantizePreview* q = inspector->quantizePreview();
            QSignalSpy shown(q, &QuantizePreview::previewShown);
            inspector->tabs()->setCurrentWidget(q);
            if (q->targetType() != QStringLiteral("Q4_0")) q->setTargetType(QStringLiteral("Q4_0"));
            if (!QTest::qWaitFor([&] { return q->result().to == realm::GgmlType::Q4_0 && !shown.isEmpty(); },
                                 30000))
                return {};
            return q->result();
        };
        const realm::QuantizationError remote = preview(server_->url(QStringLiteral("demo.gguf")));
        const realm::QuantizationError local = preview(demoPath());
        QCOMPARE(local.to, realm::GgmlType::Q4_0);
        QVERIFY(local.rmse > 0);
        QCOMPARE(remote.to, local.to);
        QCOMPARE(remote.rmse, local.rmse);
        QCOMPARE(remote.maxAbsError, local.maxAbsError);
    }

    // The window: pages that run the model offer the download; a cancelled download leaves
    // nothing; a finished one opens the local copy; a failed open keeps the model open.
    void windowDownloadsAndOpensLocalCopy() {
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        const QString url = server_->url(QStringLiteral("demo.gguf"));
        window.openFile(url);
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.document()->isRemote());
        QVERIFY(!window.chatEngine()); // nothing runs the model
        QVERIFY(window.headerText().contains(QStringLiteral("over HTTP")));
        QVERIFY(window.showPage(QStringLiteral("tensors")));
        QCOMPARE(window.currentView(), window.page<TensorsPage>());
        QVERIFY(window.showPage(QStringLiteral("chat")));
        QCOMPARE(window.currentView(), window.downloadPanel());
        QVERIFY(window.downloadPanel()->explanation().contains(QStringLiteral("Chat needs the model")));

        // A server without ranges: a clear message, the remote model stays open.
        window.openFile(noRanges_->url(QStringLiteral("demo.gguf")));
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.last().at(1).toString().contains(QStringLiteral("does not answer range requests")));
        QCOMPARE(window.document()->summary().path, url);
        QVERIFY(window.errorBanner()->isVisible() || !window.isVisible());

        QTemporaryDir target;
        const QString path = target.filePath(QStringLiteral("copy.gguf"));
        // Cancelled over the slow server: no file, no temporary file.
        window.openFile(server_->url(QStringLiteral("slow/demo.gguf")));
        QVERIFY(loaded.wait(30000));
        DownloadPanel* panel = window.downloadPanel();
        panel->startDownload(path);
        QVERIFY(panel->isDownloading());
        QTest::qWait(700);
        panel->cancelDownload();
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isDownloading(), 5000);
        QCOMPARE(QDir(target.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);

        window.openFile(url);
        QVERIFY(loaded.wait(30000));
        loaded.clear();
        panel->startDownload(path);
        QVERIFY(loaded.wait(30000)); // the downloaded copy opened
        QCOMPARE(loaded.first().first().toString(), path);
        QVERIFY(!window.document()->isRemote());
        QFile a(path), b(demoPath());
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());
        QVERIFY(window.showPage(QStringLiteral("chat")));
        QCOMPARE(window.currentView(), window.page<ChatPage>());
    }

    // The chat needs no download when its replies come from a server: the download panel
    // offers that, the chat page then shows and chats while the model stays remote; back on
    // the local engine the download is asked for again.
    void chatWithServerWhileModelIsRemote() {
        if (!QFile::exists(realm::test::cli())) QSKIP("realm-cli is not built in this build tree");
        QSettings().clear(); // the local engine is the chat's backend
        realm::test::Server chatServer;
        QVERIFY(chatServer.start({}));
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        window.openFile(server_->url(QStringLiteral("demo.gguf")));
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.showPage(QStringLiteral("chat")));
        QCOMPARE(window.currentView(), window.downloadPanel());
        QPushButton* instead = nullptr;
        for (QPushButton* b : window.downloadPanel()->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Chat with a Server Instead")) instead = b;
        QVERIFY(instead && instead->isVisibleTo(window.downloadPanel()));
        instead->click();
        ChatPage* chat = window.page<ChatPage>();
        QCOMPARE(window.currentView(), chat);
        QVERIFY(chat->backendPanel()->isRemote());

        QSignalSpy listed(chat->backendPanel(), &ChatBackendPanel::modelsListed);
        chat->backendPanel()->setServer(chatServer.url());
        QVERIFY(listed.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(chat->remoteChat()->isReady(), 10000);
        const ChatReply reply = realm::test::greedyReply(chat, QStringLiteral("Hello"));
        QVERIFY2(reply.error.isEmpty() && !reply.text.isEmpty(), qPrintable(reply.error));
        QVERIFY(window.document()->isRemote());
        QVERIFY(!window.chatEngine());

        chat->backendPanel()->setRemote(false);
        QCOMPARE(window.currentView(), window.downloadPanel());
        // Pages with no other way offer only the download.
        QVERIFY(window.showPage(QStringLiteral("layers")));
        QCOMPARE(window.currentView(), window.downloadPanel());
        QVERIFY(!instead->isVisibleTo(window.downloadPanel()));
        QSettings().clear();
    }
};

QTEST_MAIN(TestRemoteGguf)
#include "tst_ui_remote_gguf.moc"
