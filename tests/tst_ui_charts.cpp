// Charts read at any magnitude: axis units that fit the values (B … GiB), thousands separators,
// a memory chart whose small figures stay visible as stacked bands, and a header and tensor
// inspector that keep their layout when a progress bar appears.
#include "models/memory_sample_model.h"
#include "pages/memory_page.h"
#include "pages/overview_page.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "text/format.h"
#include "widgets/chart_helpers.h"
#include "widgets/color_legend.h"
#include "widgets/heatmap_widget.h"
#include "window/main_window.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <QValueAxis>

#include <cmath>

using namespace realm::ui;

namespace {
constexpr double GiB = 1024.0 * 1024.0 * 1024.0, MiB = 1024.0 * 1024.0;

QValueAxis* valueAxis(QChart* chart, Qt::Orientation o) {
    for (QAbstractAxis* a : chart->axes(o))
        if (auto* v = qobject_cast<QValueAxis*>(a)) return v;
    return nullptr;
}

// Shows or hides every progress bar and Cancel button under `root` and lays out again.
void showProgress(QWidget* root, bool visible) {
    for (QProgressBar* p : root->findChildren<QProgressBar*>())
        p->setVisible(visible);
    for (QToolButton* b : root->findChildren<QToolButton*>())
        if (b->text() == QStringLiteral("Cancel")) b->setVisible(visible);
    QApplication::processEvents();
}
} // namespace

class TestCharts : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_charts"));
    }

    void byteScales() {
        QCOMPARE(byteScaleFor(0).unit, QStringLiteral("B"));
        QCOMPARE(byteScaleFor(1023).unit, QStringLiteral("B"));
        QCOMPARE(byteScaleFor(1024).unit, QStringLiteral("KiB"));
        QCOMPARE(byteScaleFor(700 * MiB).unit, QStringLiteral("MiB"));
        const ByteScale big = byteScaleFor(40 * GiB);
        QCOMPARE(big.unit, QStringLiteral("GiB"));
        QCOMPARE(big.divisor, GiB);
        QCOMPARE(byteScaleFor(3 * 1024 * GiB).unit, QStringLiteral("TiB"));
    }

    // A 40 GiB file: the axis counts GiB (0 … 45), not 4.1e+04 MiB.
    void overviewAxisFitsTheFile() {
        ModelSummary s;
        s.name = s.fileName = QStringLiteral("big.gguf");
        s.bytesPerType = {{QStringLiteral("Q4_K"), uint64_t(40 * GiB), 0},
                          {QStringLiteral("F32"), uint64_t(90 * MiB), 0}};
        OverviewPage page;
        page.setSummary(s);
        QValueAxis* x = valueAxis(page.chartView()->chart(), Qt::Horizontal);
        QVERIFY(x);
        QCOMPARE(x->titleText(), QStringLiteral("GiB"));
        QVERIFY2(x->max() >= 40 && x->max() <= 50, qPrintable(QString::number(x->max())));
        auto* y = qobject_cast<QBarCategoryAxis*>(page.chartView()->chart()->axes(Qt::Vertical).value(0));
        QVERIFY(y);
        QCOMPARE(y->categories().last(), QStringLiteral("Q4_K (40.0 GiB)"));
        QVERIFY(page.chartView()->chart()->localizeNumbers());
        QCOMPARE(page.chartView()->chart()->locale().toString(128256.0, 'f', 0), QStringLiteral("128,256"));

        // The next model relabels the same rows; a closed one shows none.
        ModelSummary next = s;
        next.fileName = QStringLiteral("next.gguf");
        next.layers = 32;
        page.setSummary(next);
        QCOMPARE(page.factText(QStringLiteral("File")), QStringLiteral("next.gguf"));
        QCOMPARE(page.factText(QStringLiteral("Layers")), QStringLiteral("32"));
        QCOMPARE(page.findChildren<QLabel*>().size(), 2 * 14 + 2); // the title, the size note
        page.clear();
        QVERIFY(page.factText(QStringLiteral("File")).isEmpty());
    }

    // A 5 GiB process with a 256 MiB KV cache: the KV band sits on top of the model band with
    // its own height, in GiB.
    void memoryBandsStack() {
        MemorySampleModel model(100);
        MemoryPage page(&model);
        page.resize(900, 500);
        page.show();
        for (int i = 0; i < 5; ++i) {
            MemorySample s;
            s.seconds = i * 0.25;
            s.rss = uint64_t(5 * GiB);
            s.mapped = s.mappedResident = uint64_t(4.5 * GiB);
            s.kvCache = uint64_t(256 * MiB);
            s.scratch = uint64_t(20 * MiB);
            model.append(s);
        }
        QCOMPARE(page.pointCount(), 5);
        QCOMPARE(page.valueAxis()->titleText(), QStringLiteral("GiB"));
        QVERIFY(page.valueAxis()->max() >= 5);
        const QList<QAreaSeries*> bands = page.bands();
        QCOMPARE(bands.size(), 3);
        QCOMPARE(bands[1]->lowerSeries(), bands[0]->upperSeries());
        QCOMPARE(bands[2]->lowerSeries(), bands[1]->upperSeries());
        QCOMPARE(bands[0]->upperSeries()->at(4).y(), 4.5);
        QCOMPARE(bands[1]->upperSeries()->at(4).y(), 4.75);
        QCOMPARE(bands[2]->upperSeries()->at(4).y(), 4.75 + 20.0 / 1024);
        // On screen the KV band is as many pixels high as its share of the axis.
        QChart* chart = page.chartView()->chart();
        const double px = chart->mapToPosition(bands[0]->upperSeries()->at(4), bands[0]).y() -
                          chart->mapToPosition(bands[1]->upperSeries()->at(4), bands[1]).y();
        const double expected = 0.25 / page.valueAxis()->max() * chart->plotArea().height();
        QVERIFY2(std::abs(px - expected) < 1, qPrintable(QStringLiteral("%1 vs %2").arg(px).arg(expected)));
    }

    // Every chart, heatmap and colour legend of every page says what it shows (What's This?).
    void everyChartExplainsItself() {
        MainWindow w;
        QList<QWidget*> pictures;
        for (QWidget* c : w.findChildren<QChartView*>())
            pictures << c;
        for (QWidget* h : w.findChildren<HeatmapWidget*>())
            pictures << h;
        for (QWidget* l : w.findChildren<ColorLegend*>())
            pictures << l;
        QVERIFY(pictures.size() >= 12);
        for (QWidget* p : pictures) {
            QString where;
            for (QObject* o = p; o; o = o->parent())
                where.prepend(QLatin1String(o->metaObject()->className()) + QLatin1Char('/'));
            QVERIFY2(p->whatsThis().size() > 80, qPrintable(where));
        }
    }

    // A real tensor: the tabs stay put from "Computing statistics…" (progress bar shown) to the
    // statistics (bar hidden, two lines of figures).
    void inspectorKeepsItsPlaceWhileStatisticsArrive() {
        const QString demo = QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
        if (!QFile::exists(demo)) QSKIP("resources/demo.gguf missing");
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        w.openFile(demo);
        QVERIFY(loaded.wait(20000));
        QVERIFY(w.showPage(QStringLiteral("tensors")));
        w.resize(900, 700); // narrow: the figures wrap onto a second line
        TensorInspector* inspector = w.page<TensorsPage>()->inspector();
        QSignalSpy stats(inspector, &TensorInspector::statsShownSignal);
        w.page<TensorsPage>()->selectTensor(0);
        // Lay out without delivering the statistics (a queued signal): the "computing" state.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QVERIFY(inspector->statsLabel().contains(QStringLiteral("Computing")));
        const int computing = inspector->tabs()->geometry().top();
        QTRY_VERIFY_WITH_TIMEOUT(stats.count() >= 1, 20000);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QVERIFY(inspector->statsLabel().contains(QStringLiteral("mean")));
        QCOMPARE(inspector->tabs()->geometry().top(), computing);
    }

    void headerAndInspectorDoNotJump() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.findChildren<QProgressBar*>().isEmpty()); // the header's bar is there to show
        auto* stack = w.findChild<QStackedWidget*>();
        showProgress(&w, false);
        const QRect idle = stack->geometry();
        showProgress(&w, true);
        QCOMPARE(stack->geometry(), idle);

        TensorInspector inspector;
        inspector.resize(800, 600);
        QVERIFY(!inspector.findChildren<QProgressBar*>().isEmpty());
        inspector.show();
        showProgress(&inspector, false);
        const int tabsTop = inspector.tabs()->geometry().top();
        showProgress(&inspector, true);
        QCOMPARE(inspector.tabs()->geometry().top(), tabsTop);
    }
};

QTEST_MAIN(TestCharts)
#include "tst_ui_charts.moc"
