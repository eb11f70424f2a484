// The bundled demo model (resources/demo.gguf): its metadata, and that it answers a sample of
// the questions it was trained on (resources/demo-model/corpus.json) with greedy decoding
// through the engine's chat API, as the Chat page runs it.
#include "gguf/gguf_file.h"
#include "model/model.h"
#include "quant/ggml_type.h"
#include "runtime/chat_session.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {
const QString kModel = QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
const QString kCorpus = QStringLiteral(REALM_SOURCE_DIR "/resources/demo-model/corpus.json");

struct Question {
    QString text, expect;
};

realm::GenerationSettings greedy() {
    realm::GenerationSettings s;
    s.maxTokens = 64;
    s.sampler.temperature = 0.0f;
    return s;
}
} // namespace

class TestDemoModel : public QObject {
    Q_OBJECT

    std::shared_ptr<const realm::Model> model_;
    std::unique_ptr<realm::Tokenizer> tokenizer_;
    QList<Question> canonical_; // the first phrasing of every corpus conversation

    // "What is the capital of France?" and 19 more spread evenly over the corpus
    // (greetings, Realm Studio pages, capitals, additions).
    QList<Question> sample() const {
        QList<Question> out;
        for (const Question& q : canonical_)
            if (q.text == QStringLiteral("What is the capital of France?")) out.append(q);
        const qsizetype n = canonical_.size();
        for (qsizetype i = 0; out.size() < 20 && i < 19; ++i)
            out.append(canonical_[i * n / 19 + 1]);
        return out;
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(QFileInfo::exists(kModel),
                 "resources/demo.gguf is missing: run resources/demo-model/train.py");
        model_ = realm::Model::load(kModel.toStdString());
        tokenizer_ = realm::Tokenizer::fromGguf(model_->file());
        QFile f(kCorpus);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(kCorpus));
        const QJsonArray items = QJsonDocument::fromJson(f.readAll()).array();
        for (const auto& v : items) {
            const QJsonObject o = v.toObject();
            canonical_.append({o.value(QStringLiteral("questions")).toArray().first().toString(),
                               o.value(QStringLiteral("expect")).toString()});
        }
        QVERIFY(canonical_.size() >= 300);
    }

    void fileLayout() {
        QVERIFY(QFileInfo(kModel).size() <= 8 * 1024 * 1024);
        const realm::GgufFile& file = model_->file();
        QCOMPARE(file.getString("general.architecture"), std::string("llama"));
        QCOMPARE(file.getString("tokenizer.ggml.model"), std::string("llama"));
        QVERIFY(file.getString("tokenizer.chat_template").find("<|assistant|>") != std::string::npos);
        QVERIFY(tokenizer_->addBos());
        QCOMPARE(tokenizer_->tokenText(tokenizer_->bos()), std::string_view("<s>"));
        QCOMPARE(tokenizer_->tokenText(tokenizer_->eos()), std::string_view("</s>"));
        QVERIFY(tokenizer_->vocabSize() >= 1000);
        // every matrix is Q8_0, every vector F32
        for (const auto& t : file.tensors()) {
            const auto expected = t.nDims == 1 ? realm::GgmlType::F32 : realm::GgmlType::Q8_0;
            QVERIFY2(t.type == expected, t.name.c_str());
        }
    }

    void answersSample_data() {
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("expect");
        for (const Question& q : sample())
            QTest::newRow(qPrintable(q.text)) << q.text << q.expect;
    }

    void answersSample() {
        QFETCH(QString, question);
        QFETCH(QString, expect);
        realm::Session session(model_);
        realm::ChatSession chat(session, *tokenizer_);
        const realm::GenerationResult r = chat.send(question.toStdString(), greedy());
        const QString reply = QString::fromStdString(r.text);
        QVERIFY2(reply.contains(expect), qPrintable(question + QStringLiteral(" -> ") + reply));
        QCOMPARE(r.stats.stopReason, realm::StopReason::EndOfGeneration);
    }

    // Every conversation of the corpus (first phrasing), each in a fresh chat.
    void answersWholeCorpus() {
        realm::Session session(model_);
        realm::ChatSession chat(session, *tokenizer_);
        QStringList wrong;
        for (const Question& q : canonical_) {
            chat.reset();
            const QString reply = QString::fromStdString(chat.send(q.text.toStdString(), greedy()).text);
            if (reply.contains(q.expect)) continue;
            wrong.append(q.text + QStringLiteral(" -> ") + reply);
        }
        qInfo("%lld of %lld corpus questions answered right",
              static_cast<long long>(canonical_.size() - wrong.size()),
              static_cast<long long>(canonical_.size()));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral("; "))));
    }

    // The Chat page keeps the conversation: a second question in the same chat is answered too.
    void answersSecondTurn() {
        realm::Session session(model_);
        realm::ChatSession chat(session, *tokenizer_);
        const auto first = chat.send("What is the capital of Japan?", greedy());
        QVERIFY2(first.text.find("Tokyo") != std::string::npos, first.text.c_str());
        const auto second = chat.send("What is 4 + 5?", greedy());
        QVERIFY2(second.text.find("= 9.") != std::string::npos, second.text.c_str());
    }
};

QTEST_GUILESS_MAIN(TestDemoModel)
#include "tst_demo_model.moc"
