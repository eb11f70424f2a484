// The quantization lab's pages against realm-cli's twins on the same files: the Compare page's
// table is `realm-cli compare --json`, the KL divergence page's figures are `realm-cli kl --json`;
// files that do not fit get the core's message naming the first mismatch; Cancel stops both.
#include "cli_run.h"
#include "conformance.h"
#include "document/model_document.h"
#include "models/tensor_error_model.h"
#include "pages/compare_page.h"
#include "pages/kl_page.h"
#include "widgets/colormap.h"
#include "widgets/heatmap_widget.h"
#include "widgets/token_damage_view.h"
#include "window/main_window.h"

#include "gguf/gguf_file.h"
#include "quantlab/error_map.h"

#include <QApplication>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

#include <cmath>

using namespace realm::ui;
using realm::test::runCli;

namespace {
QString model(const char* name) {
    return realm::test::conformancePath("models/") + QString::fromUtf8(name) + QStringLiteral(".gguf");
}
QString textFile() {
    return QStringLiteral(REALM_SOURCE_DIR "/tests/data/quantlab/text.txt");
}
QString readText() {
    QFile f(textFile());
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
bool cliBuilt() {
    return QFile::exists(QStringLiteral(REALM_BIN_DIR "/realm-cli"));
}
QJsonObject cliJson(const QStringList& args) {
    const auto r = runCli(args);
    if (r.exitCode != 0) qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}
double close(double a, double b, double relative) {
    return std::abs(a - b) <= relative * std::max(std::abs(a), std::abs(b)) + 1e-12;
}
// A figure of realm-cli kl's summary: the value itself or the "value" of a value with uncertainty.
double figure(const QJsonObject& summary, const char* key) {
    const QJsonValue v = summary.value(QString::fromUtf8(key));
    return v.isObject() ? v.toObject().value(QStringLiteral("value")).toDouble() : v.toDouble();
}
} // namespace

class TestCompare : public QObject {
    Q_OBJECT
    template <typename P> static P* openPage(MainWindow& w, const QString& file, const char* id) {
        w.openFile(file);
        if (!QTest::qWaitFor([&] { return w.document() && w.document()->summary().path == file; }, 20000))
            return nullptr;
        w.showPage(QString::fromLatin1(id));
        return w.page<P>();
    }
    static bool compared(ComparePage* page) {
        QSignalSpy shown(page, &ComparePage::resultShown);
        page->run();
        return shown.wait(60000);
    }
    // The KL divergence page of the Q4_0 fixture against the F32 one over `text`, 128-token chunks.
    static KlPage* klPage(MainWindow& w, const QString& text) {
        KlPage* page = openPage<KlPage>(w, model("llama-s64-tied-Q4_0"), "kl");
        if (!page) return nullptr;
        page->setReference(model("llama-s64-tied-F32"));
        page->setText(text);
        page->setContextLength(128);
        return page;
    }
    static bool measured(KlPage* page) {
        QSignalSpy shown(page, &KlPage::resultShown);
        page->run();
        return shown.wait(120000);
    }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_compare"));
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    }

    // Every figure of every tensor is realm-cli compare's, to the last bit (the same core call).
    void tableMatchesCli() {
        if (!cliBuilt()) QSKIP("realm-cli not built in this build tree");
        const QJsonArray cli = cliJson({QStringLiteral("compare"), model("llama-s64-tied-F32"),
                                        model("llama-s64-tied-Q4_0"), QStringLiteral("--json")})
                                   .value(QStringLiteral("tensors"))
                                   .toArray();
        QCOMPARE(cli.size(), 20);
        MainWindow w;
        ComparePage* page = openPage<ComparePage>(w, model("llama-s64-tied-Q4_0"), "compare");
        QVERIFY(page);
        page->setReference(model("llama-s64-tied-F32"));
        QVERIFY(compared(page));
        TensorErrorModel* m = page->model();
        QCOMPARE(m->rowCount(), 20);
        const auto cell = [&](int row, int column) {
            return m->index(row, column).data(TensorErrorModel::SortRole);
        };
        for (int r = 0; r < cli.size(); ++r) {
            const QJsonObject t = cli[r].toObject();
            QCOMPARE(cell(r, TensorErrorModel::Name).toString(), t.value(QStringLiteral("name")).toString());
            QCOMPARE(cell(r, TensorErrorModel::TypeReference).toString(),
                     t.value(QStringLiteral("type_a")).toString());
            QCOMPARE(cell(r, TensorErrorModel::TypeThis).toString(),
                     t.value(QStringLiteral("type_b")).toString());
            QCOMPARE(cell(r, TensorErrorModel::Rmse).toDouble(), t.value(QStringLiteral("rmse")).toDouble());
            QCOMPARE(cell(r, TensorErrorModel::MaxAbsError).toDouble(),
                     t.value(QStringLiteral("max_abs_error")).toDouble());
            QCOMPARE(cell(r, TensorErrorModel::Cosine).toDouble(),
                     t.value(QStringLiteral("cosine")).toDouble());
            QCOMPARE(cell(r, TensorErrorModel::RelativeError).toDouble(),
                     t.value(QStringLiteral("relative_error")).toDouble());
        }
        // Sorted by relative error, largest first: the table's order follows the numbers.
        page->table()->sortByColumn(TensorErrorModel::RelativeError, Qt::DescendingOrder);
        QAbstractItemModel* shown = page->table()->model();
        for (int r = 1; r < shown->rowCount(); ++r)
            QVERIFY(
                shown->index(r - 1, TensorErrorModel::RelativeError)
                    .data(TensorErrorModel::SortRole)
                    .toDouble() >=
                shown->index(r, TensorErrorModel::RelativeError).data(TensorErrorModel::SortRole).toDouble());
        QVERIFY(page->statusMessage().contains(QStringLiteral("Tensors compared: 20 ")));
        // The per-layer chart has a line for each kind of tensor that changed (7 matrices; the norms
        // are F32 in both files).
        QCOMPARE(page->layerChart()->chart()->series().size(), 7);
    }

    // One tensor in detail: the per-row RMSE adds up to the table's RMSE, and the heatmap's
    // cells are the pooled RMS error.
    void detailOfOneTensor() {
        MainWindow w;
        ComparePage* page = openPage<ComparePage>(w, model("llama-s64-tied-Q4_0"), "compare");
        QVERIFY(page);
        page->setReference(model("llama-s64-tied-F32"));
        QVERIFY(compared(page));
        QSignalSpy detail(page, &ComparePage::detailShown);
        page->selectTensor(QStringLiteral("token_embd.weight"));
        QVERIFY(detail.wait(30000));
        const TensorErrorDetail& d = page->detail();
        QCOMPARE(d.name, QStringLiteral("token_embd.weight"));
        QCOMPARE(d.rowRmse.size(), size_t(32000));
        double sum = 0;
        for (float r : d.rowRmse)
            sum += double(r) * r;
        const double rmse = page->model()->tensors().front().rmse;
        QVERIFY(close(std::sqrt(sum / 32000), rmse, 1e-6));
        // [64, 32000]: 64 columns, 32000 rows pooled to 256 rows of 125.
        QCOMPARE(page->heatmap()->gridWidth(), 64);
        QCOMPARE(page->heatmap()->gridHeight(), 256);
        double cells = 0;
        for (float c : page->heatmap()->cells())
            cells += double(c) * c;
        QVERIFY(close(std::sqrt(cells / (64 * 256)), rmse, 1e-5)); // equal cells: the mean of their squares

        // The core's map pooled to one column per row is the per-row RMSE.
        const auto a = realm::GgufFile::open(model("llama-s64-tied-F32").toStdString());
        const auto b = realm::GgufFile::open(model("llama-s64-tied-Q4_0").toStdString());
        const realm::TensorErrorMap rows = realm::tensorErrorMap(
            *a->findTensor("blk.0.ffn_down.weight"), *b->findTensor("blk.0.ffn_down.weight"), 1, 1 << 20);
        page->selectTensor(QStringLiteral("blk.0.ffn_down.weight"));
        QVERIFY(detail.wait(30000));
        QCOMPARE(rows.cells.size(), page->detail().rowRmse.size());
        for (size_t i = 0; i < rows.cells.size(); ++i)
            QVERIFY(close(rows.cells[i], page->detail().rowRmse[i], 1e-6));
    }

    // Files that do not fit: the core's message naming the first mismatch, and no table.
    void mismatchNamed() {
        REALM_NEED_CONFORMANCE("models/qwen3-s64-tied-Q8_0.gguf");
        MainWindow w;
        ComparePage* page = openPage<ComparePage>(w, model("llama-s64-tied-F32"), "compare");
        QVERIFY(page);
        page->setReference(model("qwen3-s64-tied-Q8_0"));
        QVERIFY(compared(page));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("different architectures: ")),
                 qPrintable(page->statusMessage()));
        QCOMPARE(page->model()->rowCount(), 0);
        page->setReference(model("llama-s256-tied-Q2_K"));
        QVERIFY(compared(page));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("has shape [256] in ") +
                                                model("llama-s256-tied-Q2_K")),
                 qPrintable(page->statusMessage()));
        page->setReference(QStringLiteral("/nonexistent/reference.gguf"));
        QVERIFY(compared(page));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("/nonexistent/reference.gguf")),
                 qPrintable(page->statusMessage()));
    }

    // The reference picked for one model is offered for the next one, on both pages.
    void referenceRemembered() {
        {
            MainWindow w;
            ComparePage* page = openPage<ComparePage>(w, model("llama-s64-tied-Q4_0"), "compare");
            QVERIFY(page);
            page->setReference(model("llama-s64-tied-F16"));
        }
        MainWindow w;
        KlPage* page = openPage<KlPage>(w, model("llama-s64-tied-Q4_0"), "kl");
        QVERIFY(page);
        QCOMPARE(w.document()->referencePath(), model("llama-s64-tied-F16"));
    }

    // Cancel stops a long comparison between row blocks: the tensors done are shown, no more.
    // Two sparse TinyLlama-shaped files (2.2 GB and 0.6 GB of zeros, no disk): about 20 s to compare.
    void cancelCompare() {
        if (!cliBuilt()) QSKIP("realm-cli not built in this build tree");
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.gguf")), b = dir.filePath(QStringLiteral("b.gguf"));
        for (const auto& [type, path] :
             {std::pair{QStringLiteral("f16"), a}, std::pair{QStringLiteral("q4_0"), b}})
            QCOMPARE(runCli({QStringLiteral("synth"), QStringLiteral("--preset"),
                             QStringLiteral("tinyllama-1.1b"), QStringLiteral("--type"), type,
                             QStringLiteral("--sparse"), QStringLiteral("-o"), path})
                         .exitCode,
                     0);
        MainWindow w;
        ComparePage* page = openPage<ComparePage>(w, b, "compare");
        QVERIFY(page);
        page->setReference(a);
        QSignalSpy shown(page, &ComparePage::resultShown);
        page->run();
        QVERIFY(page->isBusy());
        QTest::qWait(300);
        page->cancel();
        QVERIFY(shown.wait(10000));
        QVERIFY(!page->isBusy());
        QVERIFY2(page->statusMessage().startsWith(QStringLiteral("Cancelled")),
                 qPrintable(page->statusMessage()));
        QVERIFY(page->model()->rowCount() < 201);
    }

    // The page's figures are realm-cli kl's on the same files, text and context.
    void klMatchesCli() {
        if (!cliBuilt()) QSKIP("realm-cli not built in this build tree");
        const QJsonObject cli =
            cliJson({QStringLiteral("kl"), model("llama-s64-tied-F32"), model("llama-s64-tied-Q4_0"),
                     QStringLiteral("--text-file"), textFile(), QStringLiteral("-c"), QStringLiteral("128"),
                     QStringLiteral("--json")});
        const QJsonObject summary = cli.value(QStringLiteral("summary")).toObject();
        const QJsonArray tokens = cli.value(QStringLiteral("tokens")).toArray();
        QCOMPARE(tokens.size(), 9 * 63);

        MainWindow w;
        KlPage* page = klPage(w, readText());
        QVERIFY(page);
        QVERIFY(measured(page));
        const realm::KlReport& r = page->result().report;
        QVERIFY2(!r.tokens.empty(), qPrintable(page->statusMessage()));
        QCOMPARE(qsizetype(r.tokens.size()), tokens.size());
        QCOMPARE(qsizetype(r.chunks.size()), cli.value(QStringLiteral("chunks")).toInteger());
        QCOMPARE(r.textTokens, cli.value(QStringLiteral("text_tokens")).toInteger());
        for (qsizetype i = 0; i < tokens.size(); ++i) {
            const QJsonObject t = tokens[i].toObject();
            const realm::TokenDamage& d = r.tokens[size_t(i)];
            QCOMPARE(d.token, t.value(QStringLiteral("token")).toInt());
            QCOMPARE(d.sameTop, t.value(QStringLiteral("same_top")).toBool());
            QVERIFY(close(d.kl, t.value(QStringLiteral("kl")).toDouble(), 1e-5));
            QVERIFY(close(d.deltaP, t.value(QStringLiteral("delta_p")).toDouble(), 1e-5));
            QCOMPARE(d.referenceTop, t.value(QStringLiteral("reference_top")).toInt());
            QCOMPARE(d.testTop, t.value(QStringLiteral("test_top")).toInt());
            QVERIFY(close(d.deltaPTop, t.value(QStringLiteral("delta_p_top")).toDouble(), 1e-5));
        }
        // The summary table's rows, by llama-perplexity's labels.
        QTableWidget* table = page->summaryTable();
        const auto shown = [&](const QString& label) {
            for (int row = 0; row < table->rowCount(); ++row)
                if (table->item(row, 0)->text() == label)
                    return table->item(row, 1)->data(Qt::UserRole).toDouble();
            return std::nan("");
        };
        const std::pair<const char*, const char*> figures[] = {
            {"Mean PPL(Q)", "ppl_test"},
            {"Mean PPL(base)", "ppl_reference"},
            {"Mean KLD", "kl_mean"},
            {"Maximum KLD", "kl_max"},
            {"99.0% KLD", "kl_p99"},
            {"Median KLD", "kl_median"},
            {"Minimum KLD", "kl_min"},
            {"RMS Δp", "delta_p_rms"},
            {"Same top p", "same_top"},
            {"Mean PPL(Q)/PPL(base)", "ppl_ratio"},
            {"Cor(ln(PPL(Q)), ln(PPL(base)))", "ln_ppl_correlation"}};
        for (const auto& [label, key] : figures) {
            const double ours = shown(QString::fromUtf8(label)), cli = figure(summary, key);
            QVERIFY2(close(ours, cli, 1e-5), qPrintable(QStringLiteral("%1: %2 vs realm-cli %3")
                                                            .arg(QString::fromUtf8(label))
                                                            .arg(ours)
                                                            .arg(cli)));
        }
        QCOMPARE(table->rowCount(), 36);

        // The text: every token of it, the scored ones coloured by KL, their figures on hover.
        TokenDamageView* view = page->textView();
        QCOMPARE(view->toPlainText(), page->result().pieces.join(QString()));
        const std::vector<int64_t>& at = page->result().scoredAt;
        size_t worst = 0;
        for (size_t i = 0; i < r.tokens.size(); ++i)
            if (r.tokens[i].kl > r.tokens[worst].kl) worst = i;
        const QString tip = view->toolTipFor(int(at[worst]));
        QVERIFY2(tip.contains(QString::number(double(r.tokens[worst].kl), 'g', 4)), qPrintable(tip));
        // The tooltip names both models' top tokens and the Δp of the reference's.
        const QString referenceTop = page->result().topPieces.value(r.tokens[worst].referenceTop);
        QVERIFY(!referenceTop.isEmpty());
        QVERIFY2(tip.contains(QString::number(100.0 * double(r.tokens[worst].deltaPTop), 'f', 3)),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Top token:")), qPrintable(tip));
        QVERIFY(view->toolTipFor(0).contains(QStringLiteral("context only")));
        QTextCursor cursor(view->document());
        int position = 0;
        for (int p = 0; p < at[worst]; ++p)
            position += int(page->result().pieces.at(p).size());
        cursor.setPosition(position + 1);
        QCOMPARE(cursor.charFormat().background().color(), sequentialColor(1.0)); // above p99: saturated
    }

    // A text shorter than two chunks gets the core's message; nothing is shown.
    void klTextTooShort() {
        MainWindow w;
        KlPage* page = klPage(w, QStringLiteral("Far too short."));
        QVERIFY(page);
        QVERIFY(measured(page));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("needs at least 256")),
                 qPrintable(page->statusMessage()));
        QVERIFY(page->result().report.tokens.empty());
    }

    // Cancel stops between chunks: the figures cover the chunks done.
    void klCancel() {
        MainWindow w;
        KlPage* page = klPage(w, readText().repeated(20)); // about 180 chunks of 128
        QVERIFY(page);
        QSignalSpy shown(page, &KlPage::resultShown);
        page->run();
        QVERIFY(page->isBusy());
        QTest::qWait(500);
        page->cancel();
        QVERIFY(shown.wait(30000));
        const realm::KlReport& r = page->result().report;
        QVERIFY(r.cancelled);
        QVERIFY(r.chunks.size() < 150);
        QCOMPARE(qsizetype(r.tokens.size()), qsizetype(r.chunks.size()) * 63);
        QVERIFY2(page->statusMessage().startsWith(QStringLiteral("Cancelled")),
                 qPrintable(page->statusMessage()));
    }

    // Last (it changes the application palette): under a dark palette the coloured text stays
    // legible, every scored token's text far from its background.
    void darkPaletteLegible() {
        const QColor window(37, 37, 40), text(230, 230, 230);
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QPalette(text, window, window.lighter(150), window.darker(150),
                                          window.lighter(120), text, Qt::white, QColor(30, 30, 32), window));
        QVERIFY(isDark(QApplication::palette()));
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        KlPage* page = klPage(w, readText());
        QVERIFY(page);
        QVERIFY(measured(page));
        int scored = 0;
        for (QTextBlock block = page->textView()->document()->begin(); block.isValid(); block = block.next())
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                const QTextCharFormat f = it.fragment().charFormat();
                if (f.background().style() == Qt::NoBrush) continue;
                ++scored;
                QVERIFY(std::abs(f.foreground().color().lightness() - f.background().color().lightness()) >
                        100);
            }
        QVERIFY(scored > 0);
        // Hovering: the point over a scored token's first character finds that token.
        TokenDamageView* view = page->textView();
        const int piece = int(page->result().scoredAt.at(10));
        int start = 0;
        for (int p = 0; p < piece; ++p)
            start += int(page->result().pieces.at(p).size());
        QTextCursor cursor(view->document());
        cursor.setPosition(start);
        view->setTextCursor(cursor);
        view->ensureCursorVisible();
        QCOMPARE(view->pieceAt(view->cursorRect(cursor).center() + QPoint(2, 0)), piece);
        QVERIFY(view->toolTipFor(piece).contains(QStringLiteral("KL(reference ‖ this)")));
        const QString shots = qEnvironmentVariable("REALM_DARK_SCREENSHOTS");
        if (!shots.isEmpty()) w.grab().save(QDir(shots).filePath(QStringLiteral("kl-dark.png")));
    }
};

QTEST_MAIN(TestCompare)
#include "tst_ui_compare.moc"
