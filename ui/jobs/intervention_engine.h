#pragma once
#include "document/intervention_types.h"
#include "jobs/job_queue.h"

#include <QObject>

#include <memory>

namespace realm {
class GgufFile;
}

namespace realm::ui {

// The engine side of the intervention views (activation export, ablation, patching, control
// vectors, MoE routing): a Model, Tokenizer and Session of its own, used only by its jobs on
// the model's JobQueue (one strand), so the layer stepper and the chat keep their state.
// Every request answers with its result struct through the matching signal; failures arrive
// in the struct's `error`. A newer request of the same kind cancels the older one.
class InterventionEngine : public QObject {
    Q_OBJECT
  public:
    // Prompts longer than contextLength tokens are refused (≤ 0: the model's own, capped).
    InterventionEngine(JobQueue* jobs, std::shared_ptr<const GgufFile> file, QObject* parent = nullptr,
                       qint64 contextLength = 0);
    ~InterventionEngine() override; // cancels its jobs and waits for the running one

    bool isReady() const { return ready_; }
    bool hasFailed() const { return !error_.isEmpty(); }
    QString error() const { return error_; }
    const InterventionShape& shape() const { return shape_; }

    // sites: realm-cli activations' names ("residual", "attn_out", …).
    void exportActivations(const QString& prompt, const QStringList& sites, const QString& dir);
    void ablate(const AblationRequest& request);
    JobHandle patch(const PatchRequest& request); // progress through patchProgress; cancel the handle
    void makeControlVector(const ControlVectorRequest& request);
    void routing(const QString& prompt);

  Q_SIGNALS:
    void ready(const realm::ui::InterventionShape& shape);
    void failed(const QString& error);
    void exported(const realm::ui::ActivationExport& result);
    void ablated(const realm::ui::AblationResult& result);
    void patchProgress(double fraction);
    void patched(const realm::ui::PatchResult& result);
    void controlVectorMade(const realm::ui::ControlVectorResult& result);
    void routed(const realm::ui::RoutingResult& result);

  private:
    struct State;
    JobSpec spec(const char* kind, JobPriority priority = JobPriority::Long) const;
    template <typename Result, typename Work, typename Signal>
    JobHandle request(const char* kind, Work work, Signal signal, std::function<void(double)> progress = {});

    JobQueue* jobs_;
    std::shared_ptr<State> state_;
    bool ready_ = false;
    QString error_;
    InterventionShape shape_;
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::InterventionShape)
