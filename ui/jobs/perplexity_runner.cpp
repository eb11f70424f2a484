#include "jobs/perplexity_runner.h"

#include "compute/thread_pool.h"
#include "gguf/gguf_file.h"
#include "model/model.h"
#include "quantlab/perplexity.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

namespace realm::ui {

// Core objects, touched only by the runner's jobs (one strand).
struct PerplexityRunner::State {
    std::shared_ptr<const GgufFile> file;
    std::shared_ptr<const Model> model;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::unique_ptr<ThreadPool> pool;
};

PerplexityRunner::PerplexityRunner(JobQueue* jobs, std::shared_ptr<const GgufFile> file, QObject* parent)
    : QObject(parent), jobs_(jobs), state_(std::make_shared<State>()) {
    qRegisterMetaType<PerplexityOutcome>();
    state_->file = std::move(file);
}

PerplexityRunner::~PerplexityRunner() {
    jobs_->cancelStrand(state_.get());
}

void PerplexityRunner::run(const QString& text, const QString& source, qint64 contextLength,
                           qint64 maxChunks) {
    const quint64 generation = ++generation_;
    JobSpec spec;
    spec.strand = state_.get();
    spec.replaces = QStringLiteral("perplexity");
    spec.deliverCancelled = true; // a cancelled run still shows the chunks it finished
    // Reports from the worker: `this` outlives the job (the destructor waits for it).
    const auto report = [this, generation](auto emitOnUiThread) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, emitOnUiThread] {
                if (generation == generation_) emitOnUiThread();
            },
            Qt::QueuedConnection);
    };
    running_ = jobs_->run(
        spec, this,
        [state = state_, text = text.toStdString(), source = source.toStdString(), contextLength, maxChunks,
         report, this](const JobControl& control) {
            if (!state->model) {
                state->model = Model::fromFile(state->file);
                state->tokenizer = Tokenizer::fromGguf(*state->file);
                state->pool = std::make_unique<ThreadPool>();
            }
            // Tokenized and chunked as realm-cli perplexity does (the same chunkText).
            std::optional<TextChunks> chunks;
            try {
                chunks.emplace(chunkText(*state->tokenizer, text, contextLength, maxChunks));
            } catch (const Error& e) {
                throw Error(source + ": " + e.what());
            }
            report([this, t = chunks->textTokens(), n = chunks->count(), c = chunks->contextLength()] {
                Q_EMIT started(t, n, c);
            });
            SessionOptions options;
            options.pool = state->pool.get();
            options.kvType = KvType::F16; // as llama-perplexity and realm-cli perplexity
            const PerplexityReport r =
                measurePerplexity(state->model, *chunks, options, &control, [&](const PerplexityChunk& c) {
                    report([this, c] { Q_EMIT chunkDone(c.chunk, c.perplexity, c.running); });
                });
            PerplexityOutcome o;
            o.contextLength = r.contextLength;
            o.textTokens = r.textTokens;
            o.chunks = qint64(r.chunks.size());
            o.scoredTokens = r.scoredTokens;
            o.perplexity = r.perplexity;
            o.uncertainty = r.uncertainty;
            o.cancelled = r.cancelled;
            return o;
        },
        [this, generation](const PerplexityOutcome& o) {
            if (generation != generation_) return;
            running_.reset();
            Q_EMIT finished(o);
        },
        [this, generation](const QString& error) {
            if (generation != generation_) return;
            running_.reset();
            PerplexityOutcome o;
            o.error = error;
            Q_EMIT finished(o);
        },
        [this, generation](double f) {
            if (generation == generation_) Q_EMIT progress(f);
        });
}

void PerplexityRunner::cancel() {
    if (running_) running_->cancel();
}

} // namespace realm::ui
