#pragma once
#include "jobs/job_queue.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>

namespace realm {
class GgufFile;
}

namespace realm::ui {

// What a perplexity run ended with: the core's figures (realm-cli perplexity --json's), or the
// error that stopped it.
struct PerplexityOutcome {
    qint64 contextLength = 0, textTokens = 0, chunks = 0, scoredTokens = 0;
    double perplexity = 0, uncertainty = 0;
    bool cancelled = false; // the figures cover the chunks done before Cancel
    QString error;
};

// Runs measurePerplexity (core/quantlab) over a text on the model's job queue, with a Model
// and Session of its own, chunk after chunk as realm-cli perplexity does: each finished chunk
// arrives through chunkDone while the next one runs. A new run cancels the one running.
class PerplexityRunner : public QObject {
    Q_OBJECT
  public:
    PerplexityRunner(JobQueue* jobs, std::shared_ptr<const GgufFile> file, QObject* parent = nullptr);
    ~PerplexityRunner() override; // cancels its job and waits for it

    // source names the text in errors ("notes.txt: tokenizes to …"). maxChunks < 0: all.
    void run(const QString& text, const QString& source, qint64 contextLength, qint64 maxChunks);
    void cancel();
    bool isRunning() const { return running_ != nullptr; }

  Q_SIGNALS:
    void started(qint64 textTokens, qint64 chunks, qint64 contextLength);
    void chunkDone(qint64 chunk, double perplexity, double running);
    void progress(double fraction);
    void finished(const realm::ui::PerplexityOutcome& outcome);

  private:
    struct State;
    JobQueue* jobs_;
    std::shared_ptr<State> state_;
    JobHandle running_;
    quint64 generation_ = 0; // chunk reports of an older run are dropped
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::PerplexityOutcome)
