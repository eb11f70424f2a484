// Nothing lost: a conversation streaming in a process that is SIGKILLed mid-reply is on disk as
// valid JSON with the partial reply, and the chat page restores it; an export that fails
// partway (file-size limit, like a full disk) leaves the old file or none, never half a file.
//
// The streaming process is this test binary re-run with --child-stream MODEL.
#include "conformance.h"
#include "document/chat_store.h"
#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "pages/chat_page.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "window/main_window.h"

#include "gguf/gguf_file.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

using namespace realm::ui;

namespace {
const char* const Prompt = "Tell me a very long story.";

void useTestLocations() {
    QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_nothing_lost"));
    QStandardPaths::setTestModeEnabled(true); // the child saves where the parent looks
}

QString chatModel() {
    return QStringLiteral(REALM_CONFORMANCE_DIR "/models/llama-s64-tied-Q8_0.gguf");
}
QString demo() {
    return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
}

// The child: a chat page streaming a long greedy reply from a deliberately slow model. Once the
// store on disk holds part of the reply it prints "SAVED <base64 reply>" and keeps streaming
// until the parent kills it.
int runChild(int argc, char** argv) {
    QApplication app(argc, argv);
    useTestLocations();
    const QString model = QString::fromLocal8Bit(argv[2]);
    JobQueue jobs;
    ChatEngine engine(&jobs, realm::GgufFile::open(model.toStdString()), nullptr);
    ChatPage page;
    page.setEngine(&engine, model);
    // Runs on the engine's worker inside the token callback: every token takes 20 ms more.
    QObject::connect(
        &engine, &ChatEngine::streamed, &engine, [](const QString&, int) { QThread::msleep(20); },
        Qt::DirectConnection);
    bool reported = false;
    QObject::connect(&engine, &ChatEngine::streamed, &page, [&] {
        if (reported) return;
        const QList<ChatTurn> saved = chat_store::load(model).turns();
        if (saved.size() != 1 || saved.first().reply.isEmpty()) return;
        reported = true;
        std::printf("SAVED %s\n", saved.first().reply.toUtf8().toBase64().constData());
        std::fflush(stdout);
    });
    QObject::connect(&page, &ChatPage::replyDone, &app, [] {
        std::printf("DONE\n"); // the reply ended before the parent killed us: a test failure
        std::fflush(stdout);
        QCoreApplication::exit(3);
    });
    auto go = [&] {
        ChatSettings s = page.settings();
        s.systemPrompt.clear();
        s.sampler.temperature = 0;
        s.maxTokens = 1000;
        page.setSettings(s);
        page.sendMessage(QString::fromLatin1(Prompt));
    };
    if (engine.isReady())
        go();
    else
        QObject::connect(&engine, &ChatEngine::ready, &page, go);
    QObject::connect(&engine, &ChatEngine::failed, &app, [](const QString& e) {
        std::printf("FAILED %s\n", qPrintable(e));
        std::fflush(stdout);
        QCoreApplication::exit(4);
    });
    return app.exec();
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Writes beyond `bytes` fail with EFBIG (SIGXFSZ ignored) until the guard goes out of scope.
class FileSizeLimit {
  public:
    explicit FileSizeLimit(rlim_t bytes) {
        std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &old_);
        rlimit lower = old_;
        lower.rlim_cur = bytes;
        ok_ = setrlimit(RLIMIT_FSIZE, &lower) == 0;
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &old_); }
    bool ok() const { return ok_; }

  private:
    rlimit old_{};
    bool ok_ = false;
};
} // namespace

class TestNothingLost : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() { useTestLocations(); }

    void killedMidReplyKeepsConversation() {
        const QString model = chatModel();
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-Q8_0.gguf");
        const QString store = chat_store::fileFor(model);
        QFile::remove(store);

        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child-stream"), model});
        QVERIFY(child.waitForStarted(10000));
        QString savedReply, other;
        const bool seen = QTest::qWaitFor(
            [&] {
                while (child.canReadLine()) {
                    const QByteArray line = child.readLine().trimmed();
                    if (line.startsWith("SAVED "))
                        savedReply = QString::fromUtf8(QByteArray::fromBase64(line.mid(6)));
                    else
                        other += QString::fromUtf8(line);
                }
                return !savedReply.isEmpty() || !other.isEmpty() || child.state() == QProcess::NotRunning;
            },
            60000);
        QVERIFY2(seen && !savedReply.isEmpty(), qPrintable(QStringLiteral("child said: ") + other));

        // kill -9 in the middle of the reply.
        QVERIFY(::kill(pid_t(child.processId()), SIGKILL) == 0);
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        // On disk: valid JSON holding the user message and at least the partial reply.
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(readAll(store), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject root = doc.object();
        QCOMPARE(root.value(QStringLiteral("model")).toString(), model);
        const QJsonArray nodes = root.value(QStringLiteral("nodes")).toArray();
        QCOMPARE(nodes.size(), 2);
        const QJsonObject user = nodes.at(0).toObject(), answer = nodes.at(1).toObject();
        QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("user"));
        QCOMPARE(user.value(QStringLiteral("text")).toString(), QString::fromLatin1(Prompt));
        QCOMPARE(answer.value(QStringLiteral("parent")).toInt(), 1);
        const QString reply = answer.value(QStringLiteral("text")).toString();
        QVERIFY2(reply.startsWith(savedReply), qPrintable(reply));
        QVERIFY(!answer.contains(QStringLiteral("stats"))); // the reply never finished

        // Restored by the store and by a chat page opening the same model.
        const QList<ChatTurn> restored = chat_store::load(model).turns();
        QCOMPARE(restored.size(), 1);
        QCOMPARE(restored.first().reply, reply);
        JobQueue jobs;
        ChatEngine engine(&jobs, realm::GgufFile::open(model.toStdString()), nullptr);
        ChatPage page;
        page.setEngine(&engine, model);
        QCOMPARE(page.turns(), restored);
        page.setEngine(nullptr);
        QFile::remove(store);
    }

    void failedExportLeavesNoHalfFile() {
        if (!QFile::exists(demo())) QSKIP("resources/demo.gguf missing");
        MainWindow w;
        w.resize(1200, 800);
        w.show();
        w.openFile(demo());
        QTRY_VERIFY_WITH_TIMEOUT(w.session() && w.session()->isLoaded(), 10000);
        const auto file = w.session()->file();
        const realm::GgufTensorInfo* info = file->findTensor("token_embd.weight");
        QVERIFY(info);
        w.showPage(QStringLiteral("tensors"));
        w.page<TensorsPage>()->selectTensor(int(info - file->tensors().data()));
        TensorInspector* inspector = w.page<TensorsPage>()->inspector();
        QTRY_COMPARE_WITH_TIMEOUT(inspector->rowValues().size(), qsizetype(info->rowLength()), 10000);

        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("row.csv"));
        const QString npy = dir.filePath(QStringLiteral("row.npy"));
        {
            QFile old(csv);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old\n");
        }
        // A saved conversation too: the store must keep the last good version.
        const QString chatFor = dir.filePath(QStringLiteral("some-model.gguf"));
        const ChatTree good = ChatTree::fromTurns(
            {{QStringLiteral("Hi"), QStringLiteral("Hello!"), QStringLiteral("2 tokens")}});
        QVERIFY(chat_store::save(chatFor, {}, good));
        const QByteArray goodBytes = readAll(chat_store::fileFor(chatFor));
        ChatTree longer = good;
        longer.add(longer.add(longer.last(), userMessage(QStringLiteral("Tell me more"))),
                   modelReply(QString(500, QLatin1Char('x'))));
        bool csvOk = true, npyOk = true, chatOk = true;
        {
            // The exports are a few hundred bytes to a few KiB: 100 bytes cuts each one short.
            FileSizeLimit limit(100);
            QVERIFY(limit.ok());
            csvOk = inspector->exportCsv(csv);
            npyOk = inspector->exportNpy(npy);
            chatOk = chat_store::save(chatFor, {}, longer);
        }
        QVERIFY(!csvOk);
        QVERIFY(!npyOk);
        QVERIFY(!chatOk);
        QCOMPARE(readAll(chat_store::fileFor(chatFor)), goodBytes);
        QVERIFY(chat_store::load(chatFor) == good);
        QCOMPARE(QDir(QFileInfo(chat_store::fileFor(chatFor)).absolutePath())
                     .entryList(QDir::Files)
                     .filter(QStringLiteral(".json.")),
                 QStringList{}); // no temporary beside it
        QFile::remove(chat_store::fileFor(chatFor));
        QCOMPARE(readAll(csv), QByteArray("old\n")); // the old export is untouched
        QVERIFY(!QFile::exists(npy));                // no half .npy
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
                 QStringList{QStringLiteral("row.csv")}); // no temporaries

        // With room, each export is complete.
        QVERIFY(inspector->exportCsv(csv));
        QCOMPARE(readAll(csv).count('\n'), int(info->rowLength()) + 1);
        QVERIFY(inspector->exportNpy(npy));
        const QByteArray bytes = readAll(npy);
        QVERIFY(bytes.startsWith("\x93NUMPY"));
        QCOMPARE(bytes.size(), 128 + qsizetype(info->rowLength()) * 4); // 128-byte header, then the floats
    }
};

int main(int argc, char** argv) {
    if (argc >= 3 && qstrcmp(argv[1], "--child-stream") == 0) return runChild(argc, argv);
    QApplication app(argc, argv);
    TestNothingLost test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_nothing_lost.moc"
