// Importance matrices in the app against realm-cli imatrix (the same core reader): the page's
// statistics and per-column chart for both formats, a corrupt file (clear error, previous matrix
// kept), the file remembered in the settings, and the tensor inspector's Importance tab.
#include "cli_run.h"
#include "conformance.h"

#include "document/imatrix_store.h"
#include "document/model_session.h"
#include "gguf/gguf_file.h"
#include "models/imatrix_stats_model.h"
#include "pages/imatrix_page.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "widgets/error_banner.h"
#include "widgets/importance_view.h"
#include "window/main_window.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace realm::ui;

class TestImatrix : public QObject {
    Q_OBJECT
  private:
    static QString dataFile(const char* name) {
        return QStringLiteral(REALM_SOURCE_DIR "/tests/data/imatrix/") + QString::fromUtf8(name);
    }
    static QJsonObject cliJson(const QString& path, const QStringList& extra = {}) {
        const auto r = realm::test::runCli(
            QStringList{QStringLiteral("imatrix"), path, QStringLiteral("--json")} + extra);
        return QJsonDocument::fromJson(r.out).object();
    }
    // Opens `path` in the store and waits until nothing is being read.
    static void openAndWait(ImatrixStore* store, const QString& path) {
        store->open(path);
        QVERIFY(QTest::qWaitFor([&] { return !store->isLoading(); }, 10000));
    }
    static bool cliBuilt() { return QFile::exists(QStringLiteral(REALM_BIN_DIR "/realm-cli")); }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_imatrix"));
        QSettings().remove(QStringLiteral("imatrix"));
    }

    void pageMatchesCli_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("gguf") << dataFile("llama-s64-tied-F32.imatrix.gguf");
        QTest::newRow("legacy") << dataFile("llama-s64-tied-F32.imatrix.dat");
    }

    // Every figure of the table and every point of the chart is realm-cli imatrix --json's.
    void pageMatchesCli() {
        QFETCH(QString, file);
        if (!cliBuilt()) QSKIP("realm-cli not built in this build tree");
        MainWindow w;
        openAndWait(w.imatrixStore(), file);
        ImatrixPage* page = w.page<ImatrixPage>();
        const QJsonObject o = cliJson(file);
        const QJsonArray entries = o.value(QStringLiteral("entries")).toArray();
        ImatrixStatsModel* m = page->model();
        QCOMPARE(m->rowCount(), entries.size());
        QCOMPARE(m->rowCount(), 14);
        const auto value = [&](int row, int column) {
            return m->index(row, column).data(ImatrixStatsModel::SortRole);
        };
        for (int r = 0; r < entries.size(); ++r) {
            const QJsonObject e = entries[r].toObject();
            QCOMPARE(value(r, ImatrixStatsModel::Tensor).toString(),
                     e.value(QStringLiteral("name")).toString());
            QCOMPARE(value(r, ImatrixStatsModel::Matrices).toLongLong(),
                     e.value(QStringLiteral("matrices")).toInteger());
            for (const auto& [column, key] : {std::pair{ImatrixStatsModel::Sum, "sum"},
                                              {ImatrixStatsModel::Min, "min"},
                                              {ImatrixStatsModel::Max, "max"},
                                              {ImatrixStatsModel::Mean, "mean"},
                                              {ImatrixStatsModel::Std, "std"},
                                              {ImatrixStatsModel::Active, "active"},
                                              {ImatrixStatsModel::Entropy, "entropy"},
                                              {ImatrixStatsModel::Zd, "zd"}})
                QCOMPARE(value(r, column).toDouble(), e.value(QLatin1String(key)).toDouble());
        }
        QVERIFY2(page->fileText().contains(QStringLiteral("9 chunks")), qPrintable(page->fileText()));

        const QString tensor = QStringLiteral("blk.1.ffn_down.weight");
        const QJsonArray importance =
            cliJson(file, {QStringLiteral("--tensor"), tensor}).value(QStringLiteral("importance")).toArray();
        page->selectEntry(tensor);
        const QVector<float>& shown = page->importance()->importance();
        QCOMPARE(shown.size(), importance.size());
        QCOMPARE(shown.size(), 192);
        for (int i = 0; i < shown.size(); ++i)
            QCOMPARE(shown[i], float(importance[i].toDouble()));
        QCOMPARE(page->importance()->series()->count(), 192); // short enough to draw every column
        QVERIFY(page->importance()->summaryText().startsWith(tensor));
    }

    // A truncated file: the core's message (file, offset, entry) in the page and the banner, and
    // the matrix already open stays; the last good file is remembered and reopened at start.
    void corruptFileKeepsPrevious() {
        QTemporaryDir dir;
        const QString truncated = dir.filePath(QStringLiteral("truncated.dat"));
        QFile in(dataFile("llama-s64-tied-F32.imatrix.dat"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(truncated);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.read(100));
        out.close();

        const QString good = dataFile("llama-s64-tied-F32.imatrix.gguf");
        {
            MainWindow w;
            openAndWait(w.imatrixStore(), good);
            QCOMPARE(w.imatrixStore()->path(), good);
            openAndWait(w.imatrixStore(), truncated);
            QCOMPARE(w.imatrixStore()->path(), good);
            ImatrixPage* page = w.page<ImatrixPage>();
            QVERIFY2(page->errorText().contains(QStringLiteral("truncated.dat: truncated at offset 35")),
                     qPrintable(page->errorText()));
            QVERIFY2(
                page->errorText().contains(QStringLiteral("still showing llama-s64-tied-F32.imatrix.gguf")),
                qPrintable(page->errorText()));
            QCOMPARE(page->model()->rowCount(), 14);
            QVERIFY(w.errorBanner()->details().contains(QStringLiteral("truncated at offset 35")));
        }
        QCOMPARE(QSettings().value(QStringLiteral("imatrix/lastFile")).toString(),
                 QFileInfo(good).absoluteFilePath());
        MainWindow again;
        QVERIFY(QTest::qWaitFor([&] { return again.imatrixStore()->current() != nullptr; }, 10000));
        QCOMPARE(again.imatrixStore()->path(), QFileInfo(good).absoluteFilePath());
    }

    // The demo model's tensors are wider than the fixture's matrix: the tab says it was made for
    // another model. On the fixture itself the tab shows the entry's importance, realm-cli's values.
    void inspectorTab() {
        MainWindow w;
        openAndWait(w.imatrixStore(), dataFile("llama-s64-tied-F32.imatrix.gguf"));
        const auto inspect = [&](const QString& model, const QString& tensor) -> TensorInspector* {
            if (!w.session() ||
                QFileInfo(QString::fromStdString(w.session()->file()->path())) != QFileInfo(model)) {
                QSignalSpy loaded(&w, &MainWindow::modelLoaded);
                w.openFile(model);
                if (!loaded.wait(20000)) return nullptr;
            }
            w.showPage(QStringLiteral("tensors"));
            for (const TensorEntry& t : w.session()->summary().tensors)
                if (t.name == tensor) w.page<TensorsPage>()->selectTensor(t.index);
            return w.page<TensorsPage>()->inspector();
        };
        TensorInspector* inspector = inspect(QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf"),
                                             QStringLiteral("blk.0.ffn_gate.weight"));
        QVERIFY(inspector);
        QTabWidget* tabs = inspector->tabs();
        QVERIFY(tabs->isTabVisible(tabs->indexOf(inspector->importanceView())));
        QVERIFY2(inspector->importanceView()->noteText().contains(QStringLiteral("made for another model")),
                 qPrintable(inspector->importanceView()->noteText()));
        inspect(QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf"),
                QStringLiteral("blk.0.attn_norm.weight"));
        QVERIFY(inspector->importanceView()->summaryText().contains(
            QStringLiteral("no entry for blk.0.attn_norm.weight")));

        REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
        if (!cliBuilt()) QSKIP("realm-cli not built in this build tree");
        inspector = inspect(realm::test::conformancePath("models/llama-s64-tied-F32.gguf"),
                            QStringLiteral("blk.1.ffn_down.weight"));
        QVERIFY(inspector);
        QVERIFY(inspector->importanceView()->noteText().isEmpty());
        const QJsonArray importance =
            cliJson(dataFile("llama-s64-tied-F32.imatrix.gguf"),
                    {QStringLiteral("--tensor"), QStringLiteral("blk.1.ffn_down.weight")})
                .value(QStringLiteral("importance"))
                .toArray();
        const QVector<float>& shown = inspector->importanceView()->importance();
        QCOMPARE(shown.size(), importance.size());
        for (int i = 0; i < shown.size(); ++i)
            QCOMPARE(shown[i], float(importance[i].toDouble()));
    }
};

QTEST_MAIN(TestImatrix)
#include "tst_ui_imatrix.moc"
