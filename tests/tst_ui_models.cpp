// Every item model of the UI under QAbstractItemModelTester, with real data from a fixture
// (or a synthetic summary when the conformance data is missing), plus the formatting helpers.
#include "conformance.h"
#include "jobs/tensor_jobs.h"
#include "models/array_items_model.h"
#include "models/memory_sample_model.h"
#include "models/metadata_model.h"
#include "models/row_values_model.h"
#include "models/tensor_tree_model.h"
#include "text/format.h"

#include "gguf/gguf_file.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace realm::ui;

class TestModels : public QObject {
    Q_OBJECT
  private:
    ModelSummary summary_;

  private Q_SLOTS:
    void initTestCase() {
        const QString path = realm::test::conformancePath("models/llama-s256-untied-Q4_K_M.gguf");
        if (QFile::exists(path)) summary_ = summarize(*realm::GgufFile::open(path.toStdString()));
    }

    void metadataModel() {
        REALM_NEED_CONFORMANCE("models/llama-s256-untied-Q4_K_M.gguf");
        MetadataModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(summary_.metadata);
        QCOMPARE(model.rowCount(), static_cast<int>(summary_.metadata.size()));
        QCOMPARE(model.columnCount(), 3);
        bool sawTokens = false;
        for (int r = 0; r < model.rowCount(); ++r)
            if (model.index(r, 0).data().toString() == QStringLiteral("tokenizer.ggml.tokens")) {
                sawTokens = true;
                QCOMPARE(model.index(r, 1).data().toString(), QStringLiteral("string[]"));
                QCOMPARE(model.index(r, 2).data().toString(), QStringLiteral("32,000 items"));
            }
        QVERIFY(sawTokens);
        // Enums are named beside their numbers; users know the file as Q4_K_M, not by its main tensor type.
        QCOMPARE(summary_.fileType, QStringLiteral("Q4_K_M"));
        for (const MetadataEntry& e : summary_.metadata) {
            if (e.key == QStringLiteral("general.file_type"))
                QCOMPARE(e.value, QStringLiteral("15 (Q4_K_M)"));
            if (e.key == QStringLiteral("tokenizer.ggml.bos_token_id"))
                QCOMPARE(e.value, QStringLiteral("1 (\"<s>\")"));
            if (e.key == QStringLiteral("tokenizer.ggml.token_type")) {
                QCOMPARE(e.items.at(1), QStringLiteral("3 (control)"));
                QCOMPARE(e.items.at(3), QStringLiteral("6 (byte)"));
            }
        }
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(0);
        proxy.setFilterFixedString(QStringLiteral("llama."));
        QVERIFY(proxy.rowCount() > 3);
        model.setEntries({});
        QCOMPARE(proxy.rowCount(), 0);
    }

    void arrayItemsModel() {
        REALM_NEED_CONFORMANCE("models/llama-s256-untied-Q4_K_M.gguf");
        QStringList tokens;
        for (const MetadataEntry& e : summary_.metadata)
            if (e.key == QStringLiteral("tokenizer.ggml.tokens")) tokens = e.items;
        QCOMPARE(tokens.size(), 32000);
        ArrayItemsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setItems(tokens);
        QVERIFY(model.rowCount() >= ArrayItemsModel::PageSize && model.rowCount() < 32000); // paged
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 32000);
        QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("<s>"));
        model.setFilter(QStringLiteral("▁the"));
        QVERIFY(model.matchCount() > 0 && model.matchCount() < 32000);
        model.setFilter(QStringLiteral("29871")); // an index
        QVERIFY(model.matchCount() >= 1);
        QCOMPARE(model.index(0, 0).data().toInt(), 29871);
    }

    void tensorTreeModel() {
        REALM_NEED_CONFORMANCE("models/llama-s256-untied-Q4_K_M.gguf");
        TensorTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTensors(summary_.tensors);
        // blk.0, blk.1, then output.weight, output_norm.weight, token_embd.weight.
        QCOMPARE(model.rowCount(), 2 + 3);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("blk.0"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("blk.1"));
        QCOMPARE(model.rowCount(model.index(0, 0)), 9);
        for (int t = 0; t < model.tensorCount(); ++t) {
            const QModelIndex i = model.indexOfTensor(t);
            QVERIFY(i.isValid());
            QCOMPARE(i.data(TensorTreeModel::TensorIndexRole).toInt(), t);
        }
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setFilterRole(TensorTreeModel::SortRole);
        proxy.setSortRole(TensorTreeModel::SortRole);
        proxy.sort(TensorTreeModel::Bytes, Qt::DescendingOrder);
        proxy.setFilterFixedString(QStringLiteral("attn_q"));
        QCOMPARE(proxy.rowCount(), 2); // the two blocks
        QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
        model.setTensors({});
        QCOMPARE(proxy.rowCount(), 0);
    }

    void memorySampleModel() {
        MemorySampleModel model(5);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 12; ++i) {
            MemorySample s;
            s.seconds = i * 0.25;
            s.rss = 1000u + static_cast<uint64_t>(i);
            model.append(s);
        }
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.totalReceived(), 12);
        QCOMPARE(model.index(0, MemorySampleModel::Rss).data(Qt::UserRole).toULongLong(), 1007ull);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void rowValuesModel() {
        RowValuesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setValues({0.5f, -1.25f, 3.0e-8f});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(1, 0), Qt::DisplayRole).toString(), QStringLiteral("-1.25"));
        QCOMPARE(model.headerData(2, Qt::Vertical, Qt::DisplayRole).toInt(), 2);
        model.setValues({});
        QCOMPARE(model.rowCount(), 0);
    }

    void formatting() {
        QCOMPARE(formatBytes(512), QStringLiteral("512 B"));
        QCOMPARE(formatBytes(1536), QStringLiteral("1.50 KiB"));
        QCOMPARE(formatBytes(667942912ull), QStringLiteral("637 MiB"));
        QCOMPARE(formatBytes(2684354560ull), QStringLiteral("2.50 GiB"));
        QCOMPARE(formatBytes(1023ull * 1024), QStringLiteral("1.00 MiB"));
        QCOMPARE(formatCount(32000), QStringLiteral("32,000"));
        QCOMPARE(formatCount(1234567), QStringLiteral("1,234,567"));
        QCOMPARE(formatParams(1100048384ull), QStringLiteral("1.10 B"));
        QCOMPARE(visiblePiece(" the"), QStringLiteral("␣the"));
        QCOMPARE(visiblePiece("a\nb\t"), QStringLiteral("a\\nb\\t"));
        QCOMPARE(visiblePiece(std::string_view("\x1b", 1)), QStringLiteral("\\x1B"));
        QCOMPARE(visiblePiece(std::string_view("\xe2\x96", 2)), QStringLiteral("\\xE2\\x96"));
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_ui_models.moc"
