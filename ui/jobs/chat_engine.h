#pragma once
#include "document/intervention_types.h"
#include "jobs/chat_backend.h"
#include "jobs/job_queue.h"

#include <QMetaType>
#include <QObject>
#include <QVector>

#include <memory>
#include <mutex>
#include <vector>

namespace realm {
class GgufFile;
}

namespace realm::ui {

class MemorySampler;

// The local backend: Model, Tokenizer, Session and ChatSession of one open model, used only by
// this engine's jobs on the model's JobQueue (one strand: the Session is not reentrant).
// Replies stream through `streamed` (emitted on the worker); stop() ends them before the next
// token; the UI never touches the core objects. Each reply's job gets the messages before it,
// so the ChatSession follows whatever branch it answers (the KV cache keeps what they share).
class ChatEngine : public ChatBackend {
    Q_OBJECT
  public:
    // contextLength ≤ 0: the model's own (Session caps larger values by it).
    ChatEngine(JobQueue* jobs, std::shared_ptr<const GgufFile> file, MemorySampler* sampler,
               QObject* parent = nullptr, qint64 contextLength = 0);
    ~ChatEngine() override; // cancels its jobs and waits for the running one

    bool canBranch() const override { return true; }
    int branch(int reply, int tokenIndex, qint32 alternative, const ChatSettings& settings) override;
    // Ends every reply asked for so far (running or still queued) before its next token;
    // safe from any thread. Later sends are unaffected.
    void stop() override;
    // Adds a control vector to later replies (empty path: removes it); steeringApplied reports
    // what is applied or why nothing changed.
    void setSteering(const SteeringSettings& settings);
    // The expert load of everything this engine ran (MoE models); answered by expertLoad.
    void requestExpertLoad();

  Q_SIGNALS:
    void steeringApplied(const QString& applied, const QString& error);
    void expertLoad(const realm::ui::RoutingResult& load);

  protected:
    int startReply(int node, const ChatSettings& settings) override { return start(node, settings); }

  private:
    struct State;
    // Generates reply `node` (already in the tree, under its user message) on the strand.
    int start(int node, const ChatSettings& settings, std::vector<int32_t> continueFrom = {},
              std::vector<int32_t> forced = {});

    JobQueue* jobs_;
    std::shared_ptr<State> state_;
    // Every reply asked for and not yet finished: stop() cancels them all, queued or running.
    std::mutex repliesMutex_;
    std::vector<std::weak_ptr<JobControl>> replies_;
    MemorySampler* sampler_ = nullptr;
};

} // namespace realm::ui
