// The vocabulary browser over llama.cpp's tokenizer vocabularies: every token with its type,
// role, score and the BPE merge that makes it; search by text or id and filters by kind work on
// 151,936 tokens (Qwen3) without item objects; filtering is measured by a QBENCHMARK.
#include "conformance.h"
#include "document/vocabulary.h"
#include "models/vocabulary_model.h"
#include "pages/tokenizer_page.h"
#include "text/format.h"
#include "widgets/vocabulary_browser.h"
#include "window/main_window.h"

#include "gguf/gguf_file.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace realm::ui;

namespace {
std::shared_ptr<const realm::GgufFile> openVocab(const char* name) {
    return realm::GgufFile::open(realm::test::conformancePath(name).toStdString());
}
int idOf(const Vocabulary& v, const QString& stored) {
    return int(v.texts.indexOf(stored));
}
} // namespace

class TestVocabulary : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // SentencePiece: 256 byte-fallback pieces, BOS/EOS roles, scores, visible pieces.
    void sentencePiece() {
        REALM_NEED_CONFORMANCE("tokenizer/ggml-vocab-llama-spm.gguf");
        const Vocabulary v = readVocabulary(openVocab("tokenizer/ggml-vocab-llama-spm.gguf"));
        QVERIFY2(v.error.isEmpty(), qPrintable(v.error));
        QCOMPARE(v.size(), 32000);
        QCOMPARE(v.model, QStringLiteral("llama"));
        QCOMPARE(v.scores.size(), 32000);
        int bytes = 0;
        for (int id = 0; id < v.size(); ++id)
            bytes += isKind(v, id, TokenKind::Byte);
        QCOMPARE(bytes, 256);
        QCOMPARE(v.texts[13], QStringLiteral("<0x0A>"));
        QCOMPARE(v.pieces[13], QStringLiteral("\\n"));
        QCOMPARE(v.roles.value(1), QStringLiteral("BOS"));
        QVERIFY(v.roles.value(2).startsWith(QStringLiteral("EOS")));
        const int the = idOf(v, QStringLiteral("▁the"));
        QVERIFY(the > 0);
        QCOMPARE(v.pieces[the], QStringLiteral("␣the"));
        QCOMPARE(v.mergeCount, 0);
        QVERIFY(!isKind(v, the, TokenKind::Merged));

        VocabularyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setVocabulary(v);
        QCOMPARE(model.rowCount(), 32000);
        model.setFilter(QStringLiteral("42"), TokenKind::All);
        QVERIFY(model.rowOf(42) >= 0); // the id
        for (int row = 0; row < model.rowCount(); ++row) {
            const int id = model.tokenAt(row);
            QVERIFY(id == 42 || v.pieces[id].contains(QStringLiteral("42")) ||
                    v.texts[id].contains(QStringLiteral("42")));
        }
        model.setFilter({}, TokenKind::Special);
        QVERIFY(model.rowOf(0) >= 0 && model.rowOf(1) >= 0 && model.rowOf(2) >= 0);
        QVERIFY(model.rowOf(the) < 0);
        QCOMPARE(model.index(model.rowOf(1), VocabularyModel::Type).data().toString(),
                 QStringLiteral("control (BOS)"));
    }

    // Byte-level BPE: each merged token names the merge (rank and parts) that makes it.
    void bpeMerges() {
        REALM_NEED_CONFORMANCE("tokenizer/ggml-vocab-gpt-2.gguf");
        const auto file = openVocab("tokenizer/ggml-vocab-gpt-2.gguf");
        const Vocabulary v = readVocabulary(file);
        QVERIFY2(v.error.isEmpty(), qPrintable(v.error));
        QCOMPARE(v.model, QStringLiteral("gpt2"));
        const realm::GgufValue* merges = file->find("tokenizer.ggml.merges");
        QVERIFY(merges);
        QCOMPARE(v.mergeCount, qint64(merges->size()));
        int merged = 0;
        for (int id = 0; id < v.size(); ++id) {
            if (v.mergeRank[id] < 0) continue;
            ++merged;
            const QString merge = QString::fromUtf8(merges->stringAt(uint64_t(v.mergeRank[id])));
            QCOMPARE(merge, v.texts[v.mergeLeft[id]] + QLatin1Char(' ') + v.texts[v.mergeRight[id]]);
            QCOMPARE(v.texts[v.mergeLeft[id]] + v.texts[v.mergeRight[id]], v.texts[id]);
        }
        QVERIFY2(merged > 49000, qPrintable(QString::number(merged)));
        const int the = idOf(v, QStringLiteral("Ġthe"));
        QCOMPARE(v.pieces[the], QStringLiteral("␣the"));
        QCOMPARE(v.texts[v.mergeLeft[the]], QStringLiteral("Ġt"));
        QCOMPARE(v.texts[v.mergeRight[the]], QStringLiteral("he"));

        VocabularyModel model;
        model.setVocabulary(v);
        model.setFilter(QStringLiteral("the"), TokenKind::Merged);
        model.sort(VocabularyModel::MergeRank, Qt::AscendingOrder);
        QCOMPARE(model.tokenAt(0), the); // the first merge that makes a token containing "the"
        QCOMPARE(model.index(0, VocabularyModel::MergeOf).data().toString(), QStringLiteral("␣t + he"));
    }

    // The browser reads on a worker thread, then filters as the person types.
    void browser() {
        REALM_NEED_CONFORMANCE("tokenizer/ggml-vocab-qwen3.gguf");
        VocabularyBrowser browser;
        QSignalSpy shown(&browser, &VocabularyBrowser::vocabularyShown);
        browser.setFile(openVocab("tokenizer/ggml-vocab-qwen3.gguf"));
        QVERIFY(shown.wait(20000));
        const int total = browser.model()->vocabulary().size();
        QVERIFY(total > 150000);
        QCOMPARE(browser.model()->rowCount(), total);
        const Vocabulary& v = browser.model()->vocabulary();
        const int eos = v.roles.key(QStringLiteral("EOS"), -1);
        QVERIFY(eos >= 0);
        browser.setSearch(v.texts[eos]); // "<|im_end|>" in Qwen3
        QVERIFY(browser.model()->rowCount() >= 1 && browser.model()->rowOf(eos) >= 0);
        browser.setSearch({});
        browser.setKind(TokenKind::Special);
        QVERIFY(browser.model()->rowCount() > 0 && browser.model()->rowCount() < 1000);
        QVERIFY2(
            browser.countText().endsWith(QStringLiteral(" of %1 tokens").arg(formatCount(uint64_t(total)))),
            qPrintable(browser.countText()));
        // The current token stays current when the order changes.
        const int current = browser.model()->tokenAt(3);
        browser.view()->setCurrentIndex(browser.model()->index(3, VocabularyModel::Piece));
        browser.view()->horizontalHeader()->setSortIndicator(VocabularyModel::Id, Qt::DescendingOrder);
        QVERIFY(browser.model()->tokenAt(0) > browser.model()->tokenAt(1));
        QCOMPARE(browser.model()->tokenAt(browser.view()->currentIndex().row()), current);
        browser.setFile(nullptr);
        QCOMPARE(browser.model()->rowCount(), 0);
    }

    // A token of the tokenized text, double-clicked, is found in the vocabulary tab.
    void tokenizerPageShowsATokenInTheVocabulary() {
        const QString demo = QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
        if (!QFile::exists(demo)) QSKIP("resources/demo.gguf missing");
        MainWindow w;
        QSignalSpy loaded(&w, &MainWindow::modelLoaded);
        w.openFile(demo);
        QVERIFY(loaded.wait(20000));
        auto* page = w.page<TokenizerPage>();
        QTRY_VERIFY_WITH_TIMEOUT(page->vocabularyBrowser()->model()->rowCount() > 0, 20000);
        page->showInVocabulary(279);
        QCOMPARE(page->tabs()->currentWidget(), page->vocabularyBrowser());
        const QModelIndex current = page->vocabularyBrowser()->view()->currentIndex();
        QCOMPARE(page->vocabularyBrowser()->model()->tokenAt(current.row()), 279);
    }

    void benchmarkSearchLargeVocabulary() {
        REALM_NEED_CONFORMANCE("tokenizer/ggml-vocab-qwen3.gguf");
        VocabularyModel model;
        model.setVocabulary(readVocabulary(openVocab("tokenizer/ggml-vocab-qwen3.gguf")));
        int found = 0;
        QBENCHMARK {
            model.setFilter(QStringLiteral("ing"), TokenKind::All);
            found = model.rowCount();
            model.setFilter({}, TokenKind::All);
        }
        QVERIFY(found > 100 && found < model.vocabulary().size());
    }
};

QTEST_MAIN(TestVocabulary)
#include "tst_ui_vocabulary.moc"
