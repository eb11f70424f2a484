// Translations: no user-visible string in ui/ or app/studio/ escapes tr(); lupdate's template
// translations/realm-studio.ts lists every tr() string (it is up to date); the app loads the
// translation of the locale (German here) from the build tree.
#include "pages/page_registry.h"
#include "window/main_window.h"
#include "window/translations.h"

#include <QDirIterator>
#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace realm::ui;

namespace {
const QString Source = QStringLiteral(REALM_SOURCE_DIR);

// Text with markup, %1 / %.3g placeholders and & accelerators taken out.
QString words(QString text) {
    static const QRegularExpression markup(QStringLiteral("<[^>]*>|%L?\\d+|%[-+ #0-9.]*[a-zA-Z]"));
    return text.remove(markup).remove(QLatin1Char('&'));
}

// Prose a person reads: words, not an identifier, key, path or format.
bool isProse(const QString& literal) {
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    static const QRegularExpression token(QStringLiteral("^[A-Za-z0-9_./:-]+$"));
    static const QRegularExpression capitalised(QStringLiteral("^[A-Z][a-z]"));
    static const QRegularExpression camelKey(QStringLiteral("^[a-z][A-Za-z0-9]*[A-Z_./][A-Za-z0-9_./]*$"));
    const QString w = words(literal);
    if (!w.contains(word)) return false;
    if (w.contains(token) && !w.contains(capitalised)) return false;
    return !w.contains(camelKey);
}

// Whether position `at` of `line` is inside the arguments of a call that shows text.
bool inVisibleCall(const QString& line, qsizetype at) {
    static const QRegularExpression call(QStringLiteral(
        "\\b(setTitleText|setText|setPlaceholderText|setToolTip|setWhatsThis|setWindowTitle|addAction|"
        "addMenu|"
        "addTab|setPrefix|setSuffix|addRow|setFormat|setAxisTitles|makeChartView|setName|showError|"
        "showAction|"
        "setMessage|QLabel|QPushButton|QCheckBox|QToolButton|QBarSet|setHistogram|titled|mark|setTabText|"
        "setStatusTip)\\s*\\("));
    for (auto it = call.globalMatch(line); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedEnd() > at) break;
        int depth = 1;
        for (qsizetype i = m.capturedEnd(); i < at; ++i)
            depth += line[i] == QLatin1Char('(') ? 1 : line[i] == QLatin1Char(')') ? -1 : 0;
        if (depth > 0) return true;
    }
    return false;
}

// (context, source) of every message of a .ts file.
QSet<QString> messages(const QString& ts) {
    QFile f(ts);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QXmlStreamReader xml(&f);
    QSet<QString> out;
    QString context;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == QLatin1String("name")) context = xml.readElementText();
        if (xml.name() == QLatin1String("source"))
            out.insert(context + QLatin1Char('|') + xml.readElementText());
    }
    return out;
}

QStringList tsFiles() {
    QStringList files;
    for (QDirIterator it(Source + QStringLiteral("/translations"), {QStringLiteral("*.ts")}); it.hasNext();)
        files << it.next();
    files.sort();
    return files;
}
} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_translations"));
    }

    // A literal that reads as prose, or that a text-showing call receives, must go through tr()
    // (or QCoreApplication::translate); the exceptions say why on the line before
    // ("// untranslated: …").
    void noVisibleStringEscapesTranslation() {
        static const QRegularExpression literal(
            QStringLiteral("(?:QStringLiteral|QLatin1String)\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)"));
        static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
        QStringList escaped;
        int files = 0;
        for (const QString& dir : {QStringLiteral("/ui"), QStringLiteral("/app/studio")}) {
            for (QDirIterator it(Source + dir, {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                                 QDirIterator::Subdirectories);
                 it.hasNext();) {
                const QString path = it.next();
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadOnly));
                ++files;
                const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
                for (int i = 0; i < lines.size(); ++i) {
                    const QString& line = lines[i];
                    if (line.trimmed().startsWith(QStringLiteral("//")) ||
                        line.contains(QStringLiteral("untranslated")) ||
                        (i > 0 && lines[i - 1].contains(QStringLiteral("untranslated"))))
                        continue;
                    for (auto m = literal.globalMatch(line); m.hasNext();) {
                        const QRegularExpressionMatch lit = m.next();
                        const QString text = lit.captured(1);
                        if (isProse(text) ||
                            (inVisibleCall(line, lit.capturedStart()) && words(text).contains(word)))
                            escaped << QStringLiteral("%1:%2: %3")
                                           .arg(path.mid(Source.size() + 1))
                                           .arg(i + 1)
                                           .arg(text);
                    }
                }
            }
        }
        QVERIFY(files > 50);
        QVERIFY2(escaped.isEmpty(), qPrintable(escaped.join(QLatin1Char('\n'))));
    }

    // The checker itself: it sees prose and visible texts, and leaves keys and formats alone.
    void checkerTellsProseFromKeys() {
        QVERIFY(isProse(QStringLiteral("Open &Recent")));
        QVERIFY(isProse(QStringLiteral("<b>%1 tokens</b> · %2 characters")));
        QVERIFY(isProse(QStringLiteral("Cancel")));
        QVERIFY(!isProse(QStringLiteral("recentFiles")));
        QVERIFY(!isProse(QStringLiteral("chat/temperature")));
        QVERIFY(!isProse(QStringLiteral("%.3g")));
        QVERIFY(!isProse(QStringLiteral("<b>%1</b> · %2")));
        const QString line = QStringLiteral("    x->setTitleText(QStringLiteral(\"count\"));");
        QVERIFY(inVisibleCall(line, line.indexOf(QLatin1Char('"'))));
        QVERIFY(!inVisibleCall(QStringLiteral("settings.value(QStringLiteral(\"count\"))"), 20));
    }

    // lupdate over the sources gives the messages the committed .ts files hold.
    void translationFilesAreUpToDate() {
        const QString lupdate = QStringLiteral(REALM_LUPDATE);
        if (lupdate.isEmpty() || !QFile::exists(lupdate))
            QSKIP("lupdate is not installed (Debian package qt6-l10n-tools)");
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh.ts"));
        QProcess p;
        p.start(lupdate, {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                          Source + QStringLiteral("/ui"), Source + QStringLiteral("/app/studio"),
                          QStringLiteral("-ts"), fresh});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QSet<QString> expected = messages(fresh);
        QVERIFY(expected.size() > 200);
        QVERIFY(expected.contains(QStringLiteral("realm::ui::MainWindow|&File")));
        const QStringList files = tsFiles();
        QVERIFY(files.contains(Source + QStringLiteral("/translations/realm-studio.ts")));
        for (const QString& ts : files) {
            const QSet<QString> have = messages(ts);
            QStringList missing = (expected - have).values(), stale = (have - expected).values();
            missing.sort();
            stale.sort();
            QVERIFY2(
                missing.isEmpty() && stale.isEmpty(),
                qPrintable(
                    QStringLiteral("%1 is out of date (cmake --build build --target update-translations)\n"
                                   "missing: %2\nstale: %3")
                        .arg(ts, missing.join(QStringLiteral("; ")), stale.join(QStringLiteral("; ")))));
        }
    }

    void loadsTheLocalesTranslation() {
        QCOMPARE(installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)), QString());
        const QString loaded = installTranslations(QLocale(QLocale::German, QLocale::Germany));
        if (loaded.isEmpty())
            QSKIP("no realm-studio_de.qm in this build (lrelease: Debian package qt6-l10n-tools)");
        QVERIFY2(loaded.endsWith(QStringLiteral("realm-studio_de.qm")), qPrintable(loaded));
        MainWindow w;
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&Datei"));
        QCOMPARE(pageTitle(pageRows().front()), QStringLiteral("Übersicht"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_ui_translations.moc"
