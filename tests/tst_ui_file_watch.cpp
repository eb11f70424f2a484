// The open model changes on disk: the window notices (file watcher), says so in the banner with
// a Reload button, and every read of the mapping (tensor inspector, layer stepper, chat) gives
// the core's "truncated" error instead of SIGBUS. Reload after restoring the file works.
#include "document/file_change_watcher.h"
#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "jobs/layer_stepper.h"
#include "pages/chat_page.h"
#include "pages/layers_page.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "widgets/error_banner.h"
#include "window/main_window.h"

#include "gguf/gguf_file.h"

#include <QAction>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace realm::ui;

class TestFileWatch : public QObject {
    Q_OBJECT
  private:
    static QString demo() { return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf"); }

    static bool openAndWait(MainWindow& w, const QString& path) {
        w.openFile(path);
        return QTest::qWaitFor(
            [&] {
                return w.session() && w.session()->isLoaded() && w.chatEngine() &&
                       w.chatEngine()->isReady() && w.layerStepper() && w.layerStepper()->isReady() &&
                       w.page<LayersPage>()->stageCount() > 0;
            },
            20000);
    }

    // As a download tool does: the new file is written beside the old and renamed over it.
    static bool replaceByRename(const QString& path) {
        const QString next = path + QStringLiteral(".part");
        return QFile::copy(demo(), next) &&
               ::rename(QFile::encodeName(next).constData(), QFile::encodeName(path).constData()) == 0;
    }

    // The tensor whose data lies last in the file: the first to lose its pages.
    static int lastTensor(const realm::GgufFile& f) {
        int best = 0;
        for (size_t i = 0; i < f.tensors().size(); ++i)
            if (f.tensors()[i].offset > f.tensors()[size_t(best)].offset) best = int(i);
        return best;
    }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_file_watch"));
        QStandardPaths::setTestModeEnabled(true);
        if (!QFile::exists(demo())) QSKIP("resources/demo.gguf missing");
    }

    void truncatedThenReloaded() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("model.gguf"));
        QVERIFY(QFile::copy(demo(), path));
        QFile original(path);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray bytes = original.readAll();
        original.close();

        MainWindow w;
        w.resize(1200, 800);
        w.show();
        QVERIFY(openAndWait(w, path));
        QVERIFY(!w.errorBanner()->isVisible());
        const auto file = w.session()->file();
        const int victim = lastTensor(*file);
        const realm::GgufTensorInfo& info = file->tensors()[size_t(victim)];

        // Truncate in place, into the last tensor's data: its pages are gone from the mapping.
        QVERIFY(QFile::resize(path, qint64(info.offset + 16)));
        QTRY_VERIFY_WITH_TIMEOUT(w.errorBanner()->isVisible(), 5000);
        QVERIFY2(w.errorBanner()->summary().contains(QStringLiteral("model.gguf changed on disk")),
                 qPrintable(w.errorBanner()->summary()));
        QCOMPARE(w.errorBanner()->actionText(), QStringLiteral("Reload"));
        QVERIFY(w.errorBanner()->details().contains(QStringLiteral("truncated")));
        QVERIFY(w.fileWatcher()->isTruncated());
        QVERIFY(w.reloadAction()->isEnabled());

        // Tensor inspector: statistics, row and heatmap all read the lost pages.
        w.showPage(QStringLiteral("tensors"));
        TensorInspector* inspector = w.page<TensorsPage>()->inspector();
        w.page<TensorsPage>()->selectTensor(victim);
        QTRY_VERIFY_WITH_TIMEOUT(!inspector->errorText().isEmpty(), 10000);
        QVERIFY2(inspector->errorText().contains(QStringLiteral("truncated")),
                 qPrintable(inspector->errorText()));
        QVERIFY(!inspector->statsShown());
        inspector->tabs()->setCurrentIndex(1); // heatmap
        inspector->tabs()->setCurrentIndex(3); // block scales
        QTest::qWait(200);
        QVERIFY(inspector->errorText().contains(QStringLiteral("truncated")));

        // Layer stepper (its page tokenized the default prompt on load): the embedding stage
        // reads the token table.
        LayerStepper* stepper = w.layerStepper();
        QSignalSpy step(stepper, &LayerStepper::stepDone);
        stepper->step();
        QTRY_VERIFY_WITH_TIMEOUT(step.count() == 1, 10000); // emitted on the stepper's thread
        const LayerStep s = step.first().first().value<LayerStep>();
        QVERIFY2(s.error.contains(QStringLiteral("truncated")), qPrintable(s.error));

        // Chat: the reply ends with the file's error before any weight is read.
        QSignalSpy reply(w.page<ChatPage>(), &ChatPage::replyDone);
        w.page<ChatPage>()->sendMessage(QStringLiteral("Hello"));
        QVERIFY(reply.wait(10000));
        const ChatReply r = reply.first().first().value<ChatReply>();
        QVERIFY2(r.stopReason.contains(QStringLiteral("truncated")), qPrintable(r.stopReason));

        // Restore the bytes in place and reload: the new session reads them again.
        QFile restore(path);
        QVERIFY(restore.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(restore.write(bytes), bytes.size());
        restore.close();
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        ModelSession* before = w.session();
        w.reloadAction()->trigger();
        QVERIFY(loaded.wait(10000));
        QVERIFY(w.session() != before);
        QVERIFY(!w.errorBanner()->isVisible());
        QVERIFY(!w.fileWatcher()->hasChanged());
        w.page<TensorsPage>()->selectTensor(victim);
        QTRY_VERIFY_WITH_TIMEOUT(inspector->statsShown(), 10000);
        QVERIFY(inspector->errorText().isEmpty());
    }

    // Opened three times first: each open replaces the document and its watcher (the last
    // one's inotify watcher is handed to the next), and the third still sees the file replaced.
    void replacedByRenameKeepsWorking() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("model.gguf"));
        QVERIFY(QFile::copy(demo(), path));
        MainWindow w;
        w.resize(1200, 800);
        w.show();
        for (int open = 0; open < 3; ++open) {
            const QPointer<FileChangeWatcher> previous = w.fileWatcher();
            QVERIFY(openAndWait(w, path));
            QTRY_VERIFY_WITH_TIMEOUT(!previous, 5000);
        }
        QVERIFY(!w.errorBanner()->isVisible());
        // A download tool writes the new file beside the old and renames it over: the old
        // inode stays mapped (safe to read), but the window offers to load the new one.
        QVERIFY(replaceByRename(path));
        QTRY_VERIFY_WITH_TIMEOUT(w.errorBanner()->isVisible(), 5000);
        QVERIFY(w.errorBanner()->summary().contains(QStringLiteral("changed on disk")));
        QVERIFY(w.fileWatcher()->hasChanged());
        QVERIFY(!w.fileWatcher()->isTruncated());
        w.showPage(QStringLiteral("tensors"));
        w.page<TensorsPage>()->selectTensor(0);
        QTRY_VERIFY_WITH_TIMEOUT(w.page<TensorsPage>()->inspector()->statsShown(), 10000);
        // The banner's Reload button reloads.
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        Q_EMIT w.errorBanner()->actionTriggered();
        QVERIFY(loaded.wait(10000));
        QVERIFY(!w.fileWatcher()->hasChanged());
    }
};

QTEST_MAIN(TestFileWatch)
#include "tst_ui_file_watch.moc"
