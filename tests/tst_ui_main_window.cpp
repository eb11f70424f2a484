// The main window end to end, offscreen: drag-and-drop loading, a failed load keeping the
// previous model, the row viewer against the core's dequantizer, live memory samples.
#include "conformance.h"
#include "jobs/tensor_jobs.h"
#include "window/main_window.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "jobs/layer_stepper.h"
#include "models/memory_sample_model.h"
#include "models/tensor_tree_model.h"
#include "pages/memory_page.h"
#include "pages/page.h"
#include "pages/page_registry.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "widgets/error_banner.h"
#include "widgets/heatmap_widget.h"

#include "gguf/gguf_file.h"
#include "quant/ggml_type.h"

#include "widgets/drop_overlay.h"
#include <QAbstractButton>
#include <QAction>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPointer>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QShortcut>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUrl>

#include <vector>

using namespace realm::ui;

class TestMainWindow : public QObject {
    Q_OBJECT
  private:
    void drop(MainWindow& w, const QString& path) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QDropEvent dropEvent(QPointF(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &dropEvent);
    }
    static int leafCount(const QAbstractItemModel* m, const QModelIndex& parent = {}) {
        int n = 0;
        for (int r = 0; r < m->rowCount(parent); ++r) {
            const QModelIndex i = m->index(r, 0, parent);
            n += m->rowCount(i) ? leafCount(m, i) : 1;
        }
        return n;
    }

  private Q_SLOTS:
    // The document's teardown: a new context restarts the engines (users let go first, the
    // session stays); closing deletes engines, then the session, and every page lets go.
    void documentRestartsEnginesAndTearsDownInOrder() {
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-Q8_0.gguf");
        QSettings().remove(QStringLiteral("engine/contextLength"));
        MainWindow w;
        w.show();
        w.openFile(realm::test::conformancePath("models/llama-s64-tied-Q8_0.gguf"));
        QTRY_VERIFY_WITH_TIMEOUT(w.chatEngine() && w.chatEngine()->isReady(), 20000);
        ModelDocument* doc = w.document();
        QPointer<ModelSession> session = doc->session();
        QPointer<ChatEngine> engine = doc->chatEngine();
        QPointer<LayerStepper> stepper = doc->layerStepper();
        int stops = 0;
        bool allAliveAtStop = false;
        connect(doc, &ModelDocument::enginesStopping, this, [&] {
            ++stops;
            allAliveAtStop = session && engine && stepper;
        });
        const qint64 before = w.contextLength();
        w.setContextLength(before / 2);
        QCOMPARE(stops, 1);
        QVERIFY(allAliveAtStop);
        QVERIFY(!engine && !stepper); // joined and deleted
        QCOMPARE(w.document(), doc);
        QCOMPARE(doc->session(), session.data());
        QCOMPARE(w.contextLength(), before / 2);
        QVERIFY(w.chatEngine() && w.layerStepper());
        QTRY_VERIFY_WITH_TIMEOUT(w.chatEngine()->isReady(), 20000);
        engine = w.chatEngine();
        QPointer<ModelDocument> closing = doc;
        w.closeModel();
        QVERIFY(!closing && !session && !engine);
        QCOMPARE(w.document(), nullptr);
        QSettings().remove(QStringLiteral("engine/contextLength"));
    }

    // The sidebar, the View menu (Ctrl+1…) and the page stack all follow pageRows(): each id
    // shows its own page, in registry order, and an unknown id shows nothing.
    void pageRegistryDrivesSidebarMenuAndStack() {
        MainWindow w;
        w.show();
        QVERIFY(!w.showPage(QStringLiteral("no-such-page")));
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-Q8_0.gguf");
        w.openFile(realm::test::conformancePath("models/llama-s64-tied-Q8_0.gguf"));
        QTRY_VERIFY_WITH_TIMEOUT(w.session() && w.session()->isLoaded(), 10000);
        const auto rows = pageRows();
        QVERIFY(rows.size() >= 8);
        auto* sidebar = w.findChild<QListWidget*>();
        auto* stack = w.findChild<QStackedWidget*>();
        QCOMPARE(sidebar->count(), int(rows.size()));
        QMenu* view = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->text() == QStringLiteral("&View")) view = a->menu();
        QVERIFY(view);
        QSet<QString> ids, shown;
        for (size_t i = 0; i < rows.size(); ++i) {
            const QString id = QLatin1String(rows[i].id);
            QVERIFY2(!ids.contains(id), qPrintable(id));
            ids.insert(id);
            QCOMPARE(findPageRow(id), &rows[i]);
            QCOMPARE(sidebar->item(int(i))->text(), QLatin1String(rows[i].title));
            QAction* action = view->actions().at(int(i));
            QCOMPARE(action->text(), QLatin1String(rows[i].title));
            QCOMPARE(action->shortcut(),
                     i < 9 ? QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + int(i)))
                           : QKeySequence());
            QVERIFY(w.showPage(id));
            QCOMPARE(w.currentPage(), id);
            auto* page = qobject_cast<Page*>(stack->currentWidget());
            QVERIFY(page);
            QCOMPARE(page->document(), w.document()); // every page is attached to the open model
            shown.insert(QString::fromLatin1(page->metaObject()->className()));
        }
        QCOMPARE(shown.size(), int(rows.size())); // a different page for every row
        QVERIFY(!findPageRow(QStringLiteral("no-such-page")));
        w.closeModel();
        for (int i = 0; i < stack->count(); ++i)
            if (auto* page = qobject_cast<Page*>(stack->widget(i))) QCOMPARE(page->document(), nullptr);
    }

    // No key does two things: the window's shortcuts (menus) are distinct, and no page's own
    // shortcut (actions, QShortcuts, buttons) repeats one of them, since Qt then runs neither.
    void shortcutsAreUnambiguous() {
        MainWindow w;
        w.show();
        const auto pageOf = [](QObject* o) -> Page* {
            for (; o; o = o->parent())
                if (auto* p = qobject_cast<Page*>(o)) return p;
            return nullptr;
        };
        QHash<Page*, QStringList> keys; // nullptr: the window's
        for (QAction* a : w.findChildren<QAction*>())
            for (const QKeySequence& k : a->shortcuts())
                keys[pageOf(a)].append(k.toString() + QStringLiteral(" (") + a->text() + QLatin1Char(')'));
        for (QShortcut* s : w.findChildren<QShortcut*>())
            keys[pageOf(s)].append(s->key().toString() + QStringLiteral(" (shortcut of ") +
                                   QString::fromLatin1(s->parent()->metaObject()->className()) +
                                   QLatin1Char(')'));
        for (QAbstractButton* b : w.findChildren<QAbstractButton*>())
            if (!b->shortcut().isEmpty())
                keys[pageOf(b)].append(b->shortcut().toString() + QStringLiteral(" (") + b->text() +
                                       QLatin1Char(')'));
        const auto key = [](const QString& entry) { return entry.left(entry.indexOf(QStringLiteral(" ("))); };
        QHash<QString, QString> window;
        for (const QString& entry : keys.value(nullptr)) {
            QVERIFY2(!window.contains(key(entry)),
                     qPrintable(entry + QStringLiteral(" and ") + window.value(key(entry))));
            window.insert(key(entry), entry);
        }
        QVERIFY(window.contains(QStringLiteral("Ctrl+1")));
        for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
            if (!it.key()) continue;
            for (const QString& entry : it.value())
                QVERIFY2(!window.contains(key(entry)),
                         qPrintable(QString::fromLatin1(it.key()->metaObject()->className()) +
                                    QStringLiteral(": ") + entry + QStringLiteral(" is also ") +
                                    window.value(key(entry))));
        }
    }

    // Without a display, --version and --help still answer and a plain start says what to
    // use instead (one line, exit 1) rather than aborting inside Qt.
    void startsWithoutDisplay() {
        const QString studio = QStringLiteral(REALM_BIN_DIR "/realm-studio");
        if (!QFile::exists(studio)) QSKIP("realm-studio not built in this build tree");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(var));
        auto run = [&](const QStringList& args, int& code, QString& out, QString& err) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(studio, args);
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            code = p.exitCode();
            out = QString::fromUtf8(p.readAllStandardOutput());
            err = QString::fromUtf8(p.readAllStandardError());
        };
        int code = -1;
        QString out, err;
        run({QStringLiteral("--version")}, code, out, err);
        QCOMPARE(code, 0);
        QVERIFY2(out.startsWith(QStringLiteral("realm-studio ")), qPrintable(out));
        run({QStringLiteral("--help")}, code, out, err);
        QCOMPARE(code, 0);
        QVERIFY(out.contains(QStringLiteral("--screenshot")));
        run({}, code, out, err);
        QCOMPARE(code, 1);
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
        QVERIFY(err.contains(QStringLiteral("no display")));
        QVERIFY(err.contains(QStringLiteral("realm-cli")) &&
                err.contains(QStringLiteral("xvfb-run -a realm-studio")));
    }

    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_main_window"));
    }

    void dropFixtureThenMalformed() {
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-Q8_0.gguf");
        const QString good = realm::test::conformancePath("models/llama-s64-tied-Q8_0.gguf");
        MainWindow w;
        w.resize(1200, 800);
        w.show();
        QSignalSpy loaded(&w, &MainWindow::modelLoaded); // every page has the model then
        drop(w, good);
        QVERIFY(loaded.wait(10000));
        const auto file = realm::GgufFile::open(good.toStdString());
        QCOMPARE(w.page<TensorsPage>()->model()->tensorCount(), static_cast<int>(file->tensors().size()));
        QCOMPARE(leafCount(w.page<TensorsPage>()->tree()->model()), static_cast<int>(file->tensors().size()));
        QVERIFY(w.headerText().contains(QStringLiteral("llama-s64-tied-Q8_0.gguf")));

        // A malformed .gguf: the core's error appears in the banner, the open model stays.
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.gguf"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("GGUF\x03\x00\x00\x00 this is not a model", 27);
        f.close();
        QSignalSpy failed(&w, &MainWindow::loadFailed);
        drop(w, bad);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY(w.errorBanner()->isVisible());
        QVERIFY(w.errorBanner()->summary().contains(QStringLiteral("broken.gguf")));
        QVERIFY2(w.errorBanner()->details().contains(QStringLiteral("broken.gguf")),
                 qPrintable(w.errorBanner()->details()));
        QVERIFY(w.session() && w.session()->isLoaded());
        QCOMPARE(w.session()->summary().path, good);
        QCOMPARE(w.page<TensorsPage>()->model()->tensorCount(), static_cast<int>(file->tensors().size()));
    }

    void dropNonGgufIsRefused() {
        MainWindow w;
        w.show();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello");
        f.close();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(w.dropOverlay()->isVisible());
        QVERIFY(w.dropOverlay()->message().contains(QStringLiteral("not a .gguf")));
        QDropEvent dropEvent(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &dropEvent);
        QVERIFY(!w.dropOverlay()->isVisible());
        QVERIFY(w.errorBanner()->isVisible());
        QVERIFY(!w.isLoading());
        QVERIFY(!w.session());
    }

    void rowChartMatchesCore_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("tensor");
        QTest::addColumn<int>("row");
        QTest::newRow("Q8_0 embedding")
            << QStringLiteral("llama-s64-tied-Q8_0.gguf") << QStringLiteral("token_embd.weight") << 31999;
        QTest::newRow("Q4_K ffn_down") << QStringLiteral("llama-s256-untied-Q4_K_M.gguf")
                                       << QStringLiteral("blk.0.ffn_down.weight") << 5;
        QTest::newRow("Q6_K output") << QStringLiteral("llama-s256-untied-Q4_K_M.gguf")
                                     << QStringLiteral("output.weight") << 1234;
    }

    void rowChartMatchesCore() {
        QFETCH(QString, model);
        QFETCH(QString, tensor);
        QFETCH(int, row);
        const QByteArray relative = QString(QStringLiteral("models/") + model).toUtf8();
        REALM_NEED_CONFORMANCE(relative.constData());
        const QString path = realm::test::conformancePath(relative.constData());
        MainWindow w;
        w.resize(1200, 800);
        w.show();
        w.openFile(path);
        QTRY_VERIFY_WITH_TIMEOUT(w.session() && w.session()->isLoaded(), 10000);
        w.showPage(QStringLiteral("tensors"));
        const auto file = realm::GgufFile::open(path.toStdString());
        const realm::GgufTensorInfo* info = file->findTensor(tensor.toStdString());
        QVERIFY(info);
        const int index = static_cast<int>(info - file->tensors().data());
        w.page<TensorsPage>()->selectTensor(index);
        TensorInspector* inspector = w.page<TensorsPage>()->inspector();
        QCOMPARE(inspector->currentTensor(), index);
        inspector->selectRow(row);
        QTRY_VERIFY_WITH_TIMEOUT(
            inspector->rowValues().size() == info->rowLength() && inspector->currentRow() == row, 10000);
        std::vector<float> expected(static_cast<size_t>(info->rowLength()));
        realm::dequantizeRows(info->type, info->data + static_cast<uint64_t>(row) * info->rowBytes(),
                              expected.data(), info->rowLength(), 1);
        // Every value of a short row; of a long one, the extremes of each stretch, in order.
        QLineSeries* series = inspector->rowSeries();
        if (info->rowLength() <= RowChartPoints)
            QCOMPARE(series->count(), static_cast<int>(info->rowLength()));
        QVERIFY(series->count() <= RowChartPoints);
        double lastX = -1;
        for (int i = 0; i < series->count(); ++i) {
            const double x = series->at(i).x();
            QVERIFY(x > lastX && x == std::floor(x) && x < double(info->rowLength()));
            lastX = x;
            QCOMPARE(float(series->at(i).y()), expected[static_cast<size_t>(x)]);
        }
        // Statistics and the heatmap arrive too (off the UI thread).
        QTRY_VERIFY_WITH_TIMEOUT(inspector->statsShown(), 20000);
        inspector->tabs()->setCurrentIndex(1);
        QTRY_VERIFY_WITH_TIMEOUT(inspector->heatmap()->gridWidth() > 0, 20000);
    }

    void memoryChartReceivesSamples() {
        MainWindow w;
        w.show();
        const int before = w.memoryModel()->totalReceived();
        QTest::qWait(1200); // the sampler runs at 4 Hz
        QVERIFY2(w.memoryModel()->totalReceived() - before >= 3, "fewer than 2.5 samples per second");
        QVERIFY(w.page<MemoryPage>()->pointCount() >= 3);
        QVERIFY(w.memoryModel()->samples().last().rss > 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_ui_main_window.moc"
