#include "jobs/chat_engine.h"
#include "jobs/expert_tally.h"
#include "jobs/steering_slot.h"

#include "jobs/memory_sampler.h"
#include "jobs/release_in_background.h"

#include "compute/thread_pool.h"
#include "gguf/gguf_file.h"
#include "interp/scoped_hook.h"
#include "model/model.h"
#include "runtime/chat_session.h"
#include "runtime/generator.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <thread>

namespace realm::ui {

// Core objects, touched only by the engine's jobs (one strand).
struct ChatEngine::State {
    std::unique_ptr<ThreadPool> pool; // destroyed last: the session computes on it
    std::shared_ptr<const Model> model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<Session> session;
    SteeringSlot steering; // after the session: removed from it first
    // MoE models: which experts the chat's tokens chose, installed for the session's life.
    std::unique_ptr<ExpertTally> tally;
    std::optional<ScopedHook> tallyHook;
    std::unique_ptr<ChatSession> chat;
    std::string system;
};

namespace {
void reportMemory(MemorySampler* sampler, const Session& session, bool reserved) {
    if (!sampler) return;
    const MemoryStats m = session.memory();
    sampler->setKvCacheBytes(reserved ? m.kvCacheBytes : m.kvUsedBytes);
    sampler->setScratchBytes(m.scratchBytes);
}

ChatToken chatToken(const TokenProbabilities& p, const std::string& text, const Tokenizer& tokenizer) {
    const auto utf8 = [](const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); };
    ChatToken t{p.id, p.probability, utf8(text), {}, p.id >= 0 && tokenizer.isEndOfGeneration(p.id)};
    for (const TokenAlternative& a : p.top)
        t.top.append({a.id, a.probability, a.survived, utf8(tokenizer.tokenToPiece(a.id))});
    return t;
}
// Every core but one, which stays the window's: on two cores the chat decodes on one.
int chatThreads() {
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
}
} // namespace

ChatEngine::ChatEngine(JobQueue* jobs, std::shared_ptr<const GgufFile> file, MemorySampler* sampler,
                       QObject* parent, qint64 contextLength)
    : ChatBackend(parent), jobs_(jobs), state_(std::make_shared<State>()), sampler_(sampler) {
    qRegisterMetaType<ChatReply>();
    qRegisterMetaType<ChatToken>();

    JobSpec spec;
    spec.priority = JobPriority::Long;
    spec.strand = state_.get();
    jobs_->run(
        spec, this,
        [state = state_, file, sampler, contextLength](const JobControl&) {
            state->model = Model::fromFile(file);
            state->tokenizer = Tokenizer::fromGguf(*file);
            SessionOptions options;
            options.contextLength = contextLength;
            // Created on the job's worker, the pool's threads take its lower priority.
            state->pool = std::make_unique<ThreadPool>(chatThreads());
            options.pool = state->pool.get();
            state->session = std::make_unique<Session>(state->model, options);
            state->chat = std::make_unique<ChatSession>(*state->session, *state->tokenizer);
            if (const HParams& hp = state->model->hparams(); hp.nExpert > 0) {
                state->tally = std::make_unique<ExpertTally>(hp.nLayer, hp.nExpert);
                state->tallyHook.emplace(*state->session, *state->tally);
            }
            reportMemory(sampler, *state->session, true);
            return qint64(state->session->contextLength());
        },
        [this](qint64 context) {
            ready_ = true;
            Q_EMIT ready(context);
        },
        [this](const QString& error) {
            error_ = error;
            Q_EMIT failed(error);
        });
}

ChatEngine::~ChatEngine() {
    // The core objects die with state_, after the strand's last job has let go of them.
    jobs_->cancelStrand(state_.get());
    releaseInBackground(std::move(state_)); // unless a job still holds it
}

void ChatEngine::stop() {
    std::lock_guard lock(repliesMutex_);
    for (const auto& weak : replies_)
        if (const JobHandle reply = weak.lock()) reply->cancel();
}

int ChatEngine::branch(int reply, int tokenIndex, qint32 alternative, const ChatSettings& settings) {
    if (reply <= 0 || reply >= conversation_.size() || conversation_.node(reply).fromUser) return -1;
    const ChatNode& old = conversation_.node(reply);
    if (tokenIndex < 0 || tokenIndex >= old.tokens.size()) return -1;
    ChatNode fresh = modelReply({}, {}, old.tokens.mid(0, tokenIndex));
    std::vector<int32_t> kept;
    for (const ChatToken& t : std::as_const(fresh.tokens)) {
        fresh.text += t.text;
        kept.push_back(t.id);
    }
    return start(conversation_.add(old.parent, fresh), settings, std::move(kept), {alternative});
}

int ChatEngine::start(int node, const ChatSettings& settings, std::vector<int32_t> continueFrom,
                      std::vector<int32_t> forced) {
    busy_ = true;
    const ChatNode& reply = conversation_.node(node);
    const std::string userText = conversation_.node(reply.parent).text.toStdString();
    // The messages before the user message this reply answers.
    std::vector<ChatMessage> history;
    for (const auto& [fromUser, text] : messagesBefore(reply.parent))
        history.push_back({fromUser ? "user" : "assistant", text.toStdString()});
    JobSpec spec;
    spec.priority = JobPriority::Long;
    spec.strand = state_.get();
    spec.deliverCancelled = true; // a stopped reply still finishes, "cancelled"
    MemorySampler* sampler = sampler_;
    const int epoch = epoch_;
    // Held until the reply is listed, so that a stop() from another thread cannot miss it.
    std::lock_guard lock(repliesMutex_);
    const JobHandle job = jobs_->run(
        spec, this,
        [this, state = state_, sampler, userText, settings, node, epoch, history = std::move(history),
         continueFrom = std::move(continueFrom),
         forced = std::move(forced)](const JobControl& control) mutable {
            ChatReply reply;
            reply.node = node;
            try {
                if (!state->chat) throw std::runtime_error("the model is not ready for chat");
                const std::string system = settings.systemPrompt.toStdString();
                if (system != state->system) {
                    state->chat->setSystemPrompt(system);
                    state->system = system;
                }
                state->chat->restore(std::move(history));
                GenerationSettings g;
                g.maxTokens = settings.maxTokens;
                g.sampler = settings.sampler;
                for (const QString& stop : settings.stop)
                    g.stopStrings.push_back(stop.toStdString());
                g.alternatives = 10;
                g.continueFrom = std::move(continueFrom);
                g.forced = std::move(forced);
                Session* session = state->session.get();
                const Tokenizer& tokenizer = *state->tokenizer;
                std::string lastPiece;
                // A file that shrank on disk ends the reply with the Session's error (thrown through
                // the generator, which keeps the conversation consistent).
                const GenerationResult r = state->chat->send(
                    userText, g,
                    [this, sampler, session, &tokenizer, &lastPiece, node, epoch](const StreamedToken& t) {
                        if (t.id >= 0) lastPiece = t.text;
                        const QString piece =
                            QString::fromUtf8(t.text.data(), static_cast<qsizetype>(t.text.size()));
                        const ChatToken token = chatToken(t.probabilities, t.text, tokenizer);
                        // On the worker: the engine outlives its jobs (its destructor waits). The
                        // conversation takes the piece first (events keep their order), so pages
                        // hearing of it find it there.
                        QMetaObject::invokeMethod(
                            this, [this, piece, token, node, epoch] { append(epoch, node, piece, token); },
                            Qt::QueuedConnection);
                        Q_EMIT streamed(piece, static_cast<int>(t.index), token, node);
                        reportMemory(sampler, *session, false);
                    },
                    &control);
                reply.text = QString::fromStdString(r.text);
                reply.tokens = static_cast<int>(r.stats.generatedTokens);
                reply.tokensPerSecond = r.stats.tokensPerSecond;
                reply.timeToFirstToken = r.stats.timeToFirstTokenSeconds;
                reply.stopReason = QLatin1String(stopReasonName(r.stats.stopReason));
                reply.promptEvaluated = r.stats.promptEvaluated;
                if (r.stats.generatedTokens > 0) {
                    const std::vector<float>& logits = session->lastLogits();
                    reply.lastLogits = QVector<float>(logits.begin(), logits.end());
                    const bool endsWithLast =
                        r.text.size() >= lastPiece.size() &&
                        r.text.compare(r.text.size() - lastPiece.size(), lastPiece.size(), lastPiece) == 0;
                    reply.logitsContext = QString::fromStdString(
                        endsWithLast ? r.text.substr(0, r.text.size() - lastPiece.size()) : r.text);
                }
            } catch (const std::exception& e) {
                reply.error = QString::fromUtf8(e.what());
                reply.stopReason = tr("error: ") + reply.error;
            }
            if (state->session) {
                reply.contextUsed = state->session->nPast();
                reply.contextLength = state->session->contextLength();
            }
            return reply;
        },
        [this, epoch](const ChatReply& r) { finish(epoch, r); });
    std::erase_if(replies_, [](const std::weak_ptr<JobControl>& r) { return r.expired(); });
    replies_.push_back(job);
    return node;
}

void ChatEngine::setSteering(const SteeringSettings& settings) {
    JobSpec spec;
    spec.priority = JobPriority::Interactive;
    spec.strand = state_.get(); // after the reply that is running: it keeps the steering it began with
    jobs_->run(
        spec, this,
        [state = state_, settings](const JobControl&) {
            auto out = state->steering.tryApply(state->session.get(), settings);
            return out;
        },
        [this](const std::pair<QString, QString>& r) { Q_EMIT steeringApplied(r.first, r.second); });
}

void ChatEngine::requestExpertLoad() {
    JobSpec spec;
    spec.priority = JobPriority::Interactive;
    spec.strand = state_.get(); // the tally is the running reply's until it ends
    jobs_->run(
        spec, this,
        [state = state_](const JobControl&) {
            RoutingResult r;
            r.chat = true;
            if (!state->session) {
                r.error = tr("the chat has not loaded the model");
            } else if (!state->tally) {
                r.error = tr("this model has no experts");
            } else {
                r.layers = int(state->tally->layers());
                r.experts = int(state->tally->experts());
                r.used = int(state->model->hparams().nExpertUsed);
                r.tokens = int(state->tally->tokens());
                const std::vector<float> load = state->tally->load();
                r.load = QVector<float>(load.begin(), load.end());
            }
            return r;
        },
        [this](const RoutingResult& r) { Q_EMIT expertLoad(r); });
}

} // namespace realm::ui
