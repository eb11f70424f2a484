// Cancelling a load stops the header parse where it is (a model with a million-entry
// vocabulary need not finish parsing), and the model that was open stays open and usable.
#include "document/model_session.h"
#include "widgets/error_banner.h"
#include "window/main_window.h"

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace realm::ui;

class TestLoadCancel : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString big_;
    static QString demo() { return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf"); }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_load_cancel"));
        // About 20 MB of header: a million vocabulary entries.
        realm::GgufWriter w;
        w.addString("general.architecture", "llama");
        std::vector<std::string> tokens;
        tokens.reserve(1000000);
        for (int i = 0; i < 1000000; ++i)
            tokens.push_back("piece-" + std::to_string(i));
        w.addStringArray("tokenizer.ggml.tokens", tokens);
        std::vector<float> row(64, 0.5f);
        w.addTensor("token_embd.weight", realm::GgmlType::F32, {64}, row.data(), row.size() * sizeof(float));
        big_ = dir_.filePath(QStringLiteral("huge-vocab.gguf"));
        w.write(big_.toStdString());
    }

    void cancelStopsTheParse() {
        ModelSession session;
        std::atomic<int> reports{0};
        // The first progress report cancels, on the worker thread itself: deterministic.
        connect(
            &session, &ModelSession::loadProgress, &session,
            [&](quint64) {
                ++reports;
                session.cancelLoad();
            },
            Qt::DirectConnection);
        QSignalSpy failed(&session, &ModelSession::loadFailed);
        QSignalSpy loaded(&session, &ModelSession::loaded);
        session.load(big_);
        QVERIFY(failed.wait(20000));
        const QString error = failed.first().at(1).toString();
        QVERIFY2(error.contains(QStringLiteral("cancelled at offset")), qPrintable(error));
        // It stopped at the next checkpoint: within the first keys, far from the header's end.
        const qint64 offset = error.section(QLatin1Char(' '), -1).toLongLong();
        QVERIFY2(offset > 0 && offset < 1000, qPrintable(error));
        QCOMPARE(reports.load(), 1);
        QCOMPARE(loaded.count(), 0);
        QVERIFY(!session.isLoaded());
    }

    void cancelKeepsThePreviousModel() {
        MainWindow w;
        w.show();
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        w.openFile(demo());
        QVERIFY(loaded.wait(10000));
        loaded.clear();
        ModelSession* open = w.session();
        QSignalSpy failed(&w, &MainWindow::loadFailed);

        w.openFile(big_);
        QVERIFY(w.isLoading());
        bool parsing = false;
        connect(w.pendingSession(), &ModelSession::loadProgress, this, [&] { parsing = true; });
        QTRY_VERIFY_WITH_TIMEOUT(parsing, 10000);
        w.cancelWork(); // the header's Cancel button
        QVERIFY(!w.isLoading());
        QTest::qWait(300);
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(failed.count(), 0); // a cancel is not an error
        QVERIFY(!w.errorBanner()->isVisible());
        QCOMPARE(w.session(), open);
        QVERIFY(w.session()->isLoaded());
        QVERIFY(w.headerText().contains(QStringLiteral("demo.gguf")));
        QVERIFY(!w.headerText().contains(QStringLiteral("loading")));
    }
};

QTEST_MAIN(TestLoadCancel)
#include "tst_ui_load_cancel.moc"
