// Session restore in a temporary settings location: a second window comes back with the page,
// splitter sizes, inspector tab, sort order and collapsed chat panel of the first, and with
// "Reopen Last Model at Start" it opens the last model itself.
#include "pages/chat_page.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "window/main_window.h"

#include <QAction>
#include <QHeaderView>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace realm::ui;

class TestSession : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

    static QString demo() { return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf"); }
    static QSplitter* splitter(QWidget* page) { return page->findChild<QSplitter*>(); }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_session"));
        QVERIFY(settingsDir_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QSettings().clear();
        if (!QFile::exists(demo())) QSKIP("resources/demo.gguf missing");
    }

    void restoresPageSplittersTabsSortAndPanel() {
        QList<int> tensorSplit;
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(!w.reopenLastModel()); // off by default
            QSignalSpy loaded(&w, &MainWindow::modelLoaded);
            w.openFile(demo());
            QVERIFY(loaded.wait(20000));
            QTRY_VERIFY(!QSettings().value(QStringLiteral("recentFiles")).toStringList().isEmpty());
            QCOMPARE(w.currentPage(), QStringLiteral("overview"));
            QVERIFY(w.showPage(QStringLiteral("tensors")));
            auto* tensors = w.page<TensorsPage>();
            splitter(tensors)->setSizes({300, 700});
            tensorSplit = splitter(tensors)->sizes();
            tensors->inspector()->tabs()->setCurrentIndex(2);
            tensors->tree()->sortByColumn(1, Qt::DescendingOrder);
            QVERIFY(w.showPage(QStringLiteral("chat")));
            splitter(w.page<ChatPage>())->setSizes({1000, 0}); // the settings panel collapsed
            QCOMPARE(splitter(w.page<ChatPage>())->sizes().last(), 0);
            QVERIFY(w.showPage(QStringLiteral("tensors")));
            w.reopenLastAction()->setChecked(true);
            w.close();
        }
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.reopenLastAction()->isChecked());
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        QVERIFY(w.reopenLastModel());
        QVERIFY(loaded.wait(20000));
        QCOMPARE(loaded.first().first().toString(), QFileInfo(demo()).canonicalFilePath());
        QCOMPARE(w.currentPage(), QStringLiteral("tensors"));

        auto* tensors = w.page<TensorsPage>();
        QApplication::processEvents();
        QCOMPARE(splitter(tensors)->sizes(), tensorSplit);
        QCOMPARE(tensors->inspector()->tabs()->currentIndex(), 2);
        QHeaderView* header = tensors->tree()->header();
        QCOMPARE(header->sortIndicatorSection(), 1);
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QVERIFY(w.showPage(QStringLiteral("chat")));
        QApplication::processEvents();
        QCOMPARE(splitter(w.page<ChatPage>())->sizes().last(), 0);
    }
};

QTEST_MAIN(TestSession)
#include "tst_ui_session.moc"
