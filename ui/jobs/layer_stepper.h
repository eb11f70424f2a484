#pragma once
#include "document/intervention_types.h"
#include "document/layer_types.h"
#include "jobs/job_queue.h"

#include <QObject>

#include <memory>
#include <vector>

namespace realm {
class GgufFile;
class Tokenizer;
} // namespace realm

namespace realm::ui {

// Runs the forward pass one stage at a time (embedding, each layer, final logits) with a
// Session of its own, as jobs on the model's JobQueue (one strand), and tokenizes text for the
// tokenizer page. A step() is interactive, runToEnd() a long run; results come back as plain
// structs; reset()/setPrompt() cancel every stage asked for before.
class LayerStepper : public QObject {
    Q_OBJECT
  public:
    // contextLength ≤ 0: the model's own (Session caps larger values by it).
    LayerStepper(JobQueue* jobs, std::shared_ptr<const GgufFile> file, QObject* parent = nullptr,
                 qint64 contextLength = 0);
    ~LayerStepper() override; // cancels its jobs and waits for the running one

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
    // Adds a control vector to every later stage (empty path: removes it) and rewinds;
    // steeringApplied reports what is applied or why nothing changed.
    void setSteering(const SteeringSettings& settings);

  Q_SIGNALS:
    void ready(const realm::ui::ModelShape& shape);
    void failed(const QString& error);
    void promptReady(const realm::ui::TokenizedText& tokens);
    void stepDone(const realm::ui::LayerStep& step);
    void tokenized(const realm::ui::TokenizedText& tokens);
    void steeringApplied(const QString& applied, const QString& error);

  private:
    struct State;
    void queueStage(JobPriority priority);
    void cancelStages();
    JobSpec onStrand(JobPriority priority) const;

    JobQueue* jobs_;
    std::shared_ptr<State> state_;
    std::shared_ptr<const Tokenizer> tokenizer_; // once ready: immutable, tokenizes off the strand
    std::vector<std::weak_ptr<JobControl>> stages_;
    bool ready_ = false;
    QString error_;
    ModelShape shape_;
};

} // namespace realm::ui
