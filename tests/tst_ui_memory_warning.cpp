// Before loading, the window compares the model's memory estimate with available RAM: with a
// forced-low "available" figure (injected, nothing allocated) it warns and offers the largest
// context that fits; taking the offer restarts chat at that context and remembers it.
#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "jobs/layer_stepper.h"
#include "pages/chat_page.h"
#include "widgets/error_banner.h"
#include "window/main_window.h"

#include "gguf/gguf_file.h"
#include "runtime/memory_estimate.h"

#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace realm::ui;

class TestMemoryWarning : public QObject {
    Q_OBJECT
  private:
    static QString demo() { return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf"); }

    static bool openAndWait(MainWindow& w) {
        w.openFile(demo());
        return QTest::qWaitFor(
            [&] {
                return w.session() && w.session()->isLoaded() && w.chatEngine() && w.chatEngine()->isReady();
            },
            20000);
    }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_memory_warning"));
        if (!QFile::exists(demo())) QSKIP("resources/demo.gguf missing");
    }

    void init() { QSettings().remove(QStringLiteral("engine/contextLength")); }

    void enoughMemoryNoWarning() {
        MainWindow w;
        w.show();
        w.setAvailableMemoryOverride(quint64(64) << 30);
        QVERIFY(openAndWait(w));
        QVERIFY(!w.errorBanner()->isVisible());
        QCOMPARE(w.contextLength(), qint64(512)); // min(model's 512, default 4096)
        QCOMPARE(w.page<ChatPage>()->contextShown(), qint64(512));
    }

    void lowMemoryOffersSmallerContext() {
        MainWindow w;
        w.show();
        // The demo model needs 4,866,496 bytes at its 512-token context and 2,993,600 at 256
        // (tst_model_memory_estimate): 3,000,000 available fits only the smaller one.
        w.setAvailableMemoryOverride(3'000'000);
        QVERIFY(openAndWait(w));
        QVERIFY(w.errorBanner()->isVisible());
        QVERIFY2(w.errorBanner()->summary().contains(QStringLiteral("needs about 4.65 MiB at context 512")),
                 qPrintable(w.errorBanner()->summary()));
        QVERIFY(w.errorBanner()->summary().contains(QStringLiteral("context 256 fits")));
        QVERIFY(w.errorBanner()->details().contains(QStringLiteral("KV cache")));
        QCOMPARE(w.errorBanner()->actionText(), QStringLiteral("Use context 256"));
        QCOMPARE(w.contextLength(), qint64(512)); // only a warning until the person agrees

        QPointer<ChatEngine> before = w.chatEngine();
        Q_EMIT w.errorBanner()->actionTriggered();
        QCOMPARE(w.contextLength(), qint64(256));
        QVERIFY(before.isNull()); // restarted at the new context
        QSignalSpy ready(w.chatEngine(), &ChatEngine::ready);
        QVERIFY(w.chatEngine()->isReady() || ready.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(w.layerStepper()->isReady(), 10000);
        QCOMPARE(w.layerStepper()->shape().contextLength, qint64(256));
        QVERIFY(!w.errorBanner()->isVisible()); // 256 fits: no new warning
        QCOMPARE(w.page<ChatPage>()->contextShown(), qint64(256));
        QCOMPARE(QSettings().value(QStringLiteral("engine/contextLength")).toLongLong(), qint64(256));

        // Remembered: the next window starts at 256 and does not warn.
        MainWindow next;
        next.show();
        next.setAvailableMemoryOverride(3'000'000);
        QVERIFY(openAndWait(next));
        QCOMPARE(next.contextLength(), qint64(256));
        QVERIFY(!next.errorBanner()->isVisible());
    }

    void nothingFitsWarnsWithoutOffer() {
        MainWindow w;
        w.show();
        w.setAvailableMemoryOverride(1'000'000); // less than the weights
        QVERIFY(openAndWait(w));
        QVERIFY(w.errorBanner()->isVisible());
        QVERIFY(w.errorBanner()->summary().contains(QStringLiteral("not even a short context fits")));
        QVERIFY(w.errorBanner()->actionText().isEmpty());
    }

    void contextSpinBoxRestartsEngine() {
        MainWindow w;
        w.show();
        w.setAvailableMemoryOverride(quint64(64) << 30);
        QVERIFY(openAndWait(w));
        Q_EMIT w.page<ChatPage>()->contextLengthChosen(300);
        QCOMPARE(w.contextLength(), qint64(300));
        QSignalSpy ready(w.chatEngine(), &ChatEngine::ready);
        QVERIFY(ready.wait(10000));
        QCOMPARE(ready.first().first().toLongLong(), qint64(300));
    }
};

QTEST_MAIN(TestMemoryWarning)
#include "tst_ui_memory_warning.moc"
