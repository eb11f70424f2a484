// Under a dark palette every page is dark and legible: chart backgrounds and axis labels, the
// colour maps (zero is the dark background, not white) and the text drawn on them follow it.
// Page icons come from the icon theme when it has them. REALM_DARK_SCREENSHOTS=DIR saves each
// page's picture there to look at.
#include "jobs/chat_engine.h"
#include "pages/page_registry.h"
#include "widgets/colormap.h"
#include "widgets/heatmap_widget.h"
#include "widgets/page_icons.h"
#include "window/main_window.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>

using namespace realm::ui;

namespace {
QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(232, 232, 232);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(80, 80, 84));
    p.setColor(QPalette::Midlight, QColor(64, 64, 68));
    p.setColor(QPalette::Mid, QColor(90, 90, 94));
    p.setColor(QPalette::Dark, QColor(20, 20, 22));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(100, 170, 255));
    return p;
}

double meanLightness(const QImage& image) {
    const QImage small = image.scaled(160, 100, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    double sum = 0;
    for (int y = 0; y < small.height(); ++y)
        for (int x = 0; x < small.width(); ++x)
            sum += QColor(small.pixel(x, y)).lightness();
    return sum / (small.width() * small.height());
}
} // namespace

class TestDarkPalette : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_dark_palette"));
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }

    void colourMapsFollowThePalette() {
        QVERIFY(isDark(QApplication::palette()));
        QVERIFY(divergingColor(0).lightness() < 60);   // zero is the background, not white
        QVERIFY(sequentialColor(0).lightness() < 60);  // so is probability 0
        QVERIFY(sequentialColor(1).lightness() > 150); // certainty stands out
        QVERIFY(divergingColor(1).lightness() > 100 && divergingColor(-1).lightness() > 100);
        QCOMPARE(textColorOn(sequentialColor(0)), QColor(Qt::white));
        QCOMPARE(textColorOn(sequentialColor(1)), QColor(Qt::black));
    }

    void everyPageIsDarkAndLegible() {
        const QString demo = QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
        if (!QFile::exists(demo)) QSKIP("resources/demo.gguf missing");
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        w.openFile(demo);
        QVERIFY(loaded.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(w.chatEngine() && w.chatEngine()->isReady(), 20000);
        const QString shots = qEnvironmentVariable("REALM_DARK_SCREENSHOTS");
        for (const PageRow& row : pageRows()) {
            const QString id = QLatin1String(row.id);
            QVERIFY(w.showPage(id));
            QTest::qWait(50);
            const QImage image = w.grab().toImage();
            if (!shots.isEmpty()) image.save(QDir(shots).filePath(id + QStringLiteral("-dark.png")));
            QVERIFY2(meanLightness(image) < 100,
                     qPrintable(QStringLiteral("%1: mean lightness %2").arg(id).arg(meanLightness(image))));
        }
        for (QChartView* view : w.findChildren<QChartView*>()) {
            QChart* chart = view->chart();
            QVERIFY(chart->backgroundBrush().color().lightness() < 80);
            QVERIFY(chart->titleBrush().color().lightness() > 150);
            for (QAbstractAxis* axis : chart->axes())
                QVERIFY2(axis->labelsBrush().color().lightness() > 150, qPrintable(chart->title()));
        }
    }

    // With an icon theme that has "dialog-information", the overview's icon is the theme's.
    void pageIconsComeFromTheTheme() {
        const QStringList oldPaths = QIcon::themeSearchPaths();
        const QString oldTheme = QIcon::themeName();
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("test-theme/16x16/status")));
        QFile index(dir.filePath(QStringLiteral("test-theme/index.theme")));
        QVERIFY(index.open(QIODevice::WriteOnly));
        index.write(
            "[Icon Theme]\nName=test\nDirectories=16x16/status\n\n[16x16/status]\nSize=16\nType=Fixed\n");
        index.close();
        QImage png(16, 16, QImage::Format_ARGB32);
        png.fill(Qt::green);
        QVERIFY(png.save(dir.filePath(QStringLiteral("test-theme/16x16/status/dialog-information.png"))));
        QIcon::setThemeSearchPaths({dir.path()});
        QIcon::setThemeName(QStringLiteral("test-theme"));
        QCOMPARE(pageIcon(PageIcon::Overview).name(), QStringLiteral("dialog-information"));
        const QIcon drawn = pageIcon(PageIcon::Layers); // the theme has none: drawn
        QVERIFY(drawn.name().isEmpty() && !drawn.isNull());
        QIcon::setThemeSearchPaths(oldPaths);
        QIcon::setThemeName(oldTheme);
    }

    // Each sidebar page has an icon of its own, and every drawn one draws something.
    void everyPageHasItsOwnIcon() {
        QList<PageIcon> seen;
        for (const PageRow& row : pageRows()) {
            QVERIFY2(!seen.contains(row.icon), row.id);
            seen.append(row.icon);
            const QImage image = pageIcon(row.icon).pixmap(32, 32).toImage();
            int inked = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    inked += qAlpha(image.pixel(x, y)) > 0;
            QVERIFY2(inked > 32, row.id);
        }
    }
};

QTEST_MAIN(TestDarkPalette)
#include "tst_ui_dark_palette.moc"
