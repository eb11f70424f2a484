#pragma once
#include "document/layer_types.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace realm {
class GgufFile;
}

namespace realm::ui {

// Runs the forward pass one stage at a time (embedding, each layer, final logits) on its own
// thread with a Session of its own, and tokenizes text for the tokenizer page. Results come
// back as plain structs; reset()/setPrompt() drop any queued stage.
class LayerStepper : public QObject {
    Q_OBJECT
  public:
    // contextLength ≤ 0: the model's own (Session caps larger values by it).
    explicit LayerStepper(std::shared_ptr<const GgufFile> file, QObject* parent = nullptr,
                          qint64 contextLength = 0);
    ~LayerStepper() override; // cancels and joins

    bool isReady() const { return ready_; }
    bool hasFailed() const { return !error_.isEmpty(); }
    QString error() const { return error_; }
    const ModelShape& shape() const { return shape_; }
    int stageCount() const { return shape_.layers + 2; }

    // Tokenizes with BOS as the vocabulary asks (like realm-cli logits --prompt) and rewinds.
    void setPrompt(const QString& text);
    void step();     // the next stage
    void runToEnd(); // every remaining stage, each reported as it completes
    void reset();    // back to before the embedding (same prompt)
    void tokenize(const QString& text, bool addSpecial, bool parseSpecial, quint64 request);

  Q_SIGNALS:
    void ready(const realm::ui::ModelShape& shape);
    void failed(const QString& error);
    void promptReady(const realm::ui::TokenizedText& tokens);
    void stepDone(const realm::ui::LayerStep& step);
    void tokenized(const realm::ui::TokenizedText& tokens);
    void readyOnWorker(const realm::ui::ModelShape& shape);
    void failedOnWorker(const QString& error);

  private:
    struct State;
    QThread thread_;
    QObject* worker_ = nullptr;
    std::shared_ptr<State> state_;
    std::shared_ptr<std::atomic<int>> epoch_ = std::make_shared<std::atomic<int>>(0);
    bool ready_ = false;
    QString error_;
    ModelShape shape_;
};

} // namespace realm::ui
