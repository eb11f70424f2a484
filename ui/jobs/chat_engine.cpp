#include "jobs/chat_engine.h"

#include "jobs/memory_sampler.h"

#include "gguf/gguf_file.h"
#include "model/model.h"
#include "runtime/chat_session.h"
#include "runtime/generator.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

#include <exception>
#include <stdexcept>

namespace realm::ui {

// Core objects, touched only on the engine thread.
struct ChatEngine::State {
    std::shared_ptr<const Model> model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<Session> session;
    std::unique_ptr<ChatSession> chat;
    std::string system;
};

ChatEngine::ChatEngine(std::shared_ptr<const GgufFile> file, MemorySampler* sampler, QObject* parent,
                       qint64 contextLength)
    : QObject(parent), state_(std::make_shared<State>()) {
    qRegisterMetaType<ChatReply>();
    worker_ = new QObject;
    worker_->moveToThread(&thread_);
    thread_.setObjectName(QStringLiteral("chat-engine"));
    thread_.start();
    connect(
        this, &ChatEngine::readyOnWorker, this,
        [this](qint64 ctx) {
            ready_ = true;
            Q_EMIT ready(ctx);
        },
        Qt::QueuedConnection);
    connect(
        this, &ChatEngine::failedOnWorker, this,
        [this](const QString& e) {
            error_ = e;
            Q_EMIT failed(e);
        },
        Qt::QueuedConnection);
    connect(this, &ChatEngine::replyFinished, this, [this] { busy_ = false; });
    auto state = state_;
    QMetaObject::invokeMethod(
        worker_,
        [this, state, file, sampler, contextLength] {
            try {
                state->model = Model::fromFile(file);
                state->tokenizer = Tokenizer::fromGguf(*file);
                SessionOptions options;
                options.contextLength = contextLength;
                state->session = std::make_unique<Session>(state->model, options);
                state->chat = std::make_unique<ChatSession>(*state->session, *state->tokenizer);
                if (sampler) {
                    const MemoryStats m = state->session->memory();
                    sampler->setKvCacheBytes(m.kvCacheBytes);
                    sampler->setScratchBytes(m.scratchBytes);
                }
                Q_EMIT readyOnWorker(state->session->contextLength());
            } catch (const std::exception& e) {
                Q_EMIT failedOnWorker(QString::fromUtf8(e.what()));
            }
        },
        Qt::QueuedConnection);
    sampler_ = sampler;
}

ChatEngine::~ChatEngine() {
    {
        std::lock_guard lock(flagsMutex_);
        stopping_ = true;
    }
    stop();
    QMetaObject::invokeMethod(
        worker_, [w = worker_] { delete w; }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    // The core objects die here, after the thread has stopped using them.
    state_.reset();
}

void ChatEngine::stop() {
    std::lock_guard lock(flagsMutex_);
    for (const Flag& f : flags_)
        f->store(true);
}

void ChatEngine::send(const QString& userText, const ChatSettings& settings) {
    start(userText, settings, false);
}

void ChatEngine::regenerate(const ChatSettings& settings) {
    start({}, settings, true);
}

void ChatEngine::start(const QString& userText, const ChatSettings& settings, bool regenerate) {
    busy_ = true;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    {
        std::lock_guard lock(flagsMutex_);
        cancel->store(stopping_);
        flags_.push_back(cancel);
    }
    auto state = state_;
    MemorySampler* sampler = sampler_;
    std::string text = userText.toStdString();
    QMetaObject::invokeMethod(
        worker_,
        [this, state, cancel, sampler, text, settings, regenerate]() mutable {
            ChatReply reply;
            try {
                if (!state->chat) throw std::runtime_error("the model is not ready for chat");
                if (regenerate) text = state->chat->popLastReply();
                const std::string system = settings.systemPrompt.toStdString();
                if (system != state->system) {
                    state->chat->setSystemPrompt(system);
                    state->system = system;
                }
                GenerationSettings g;
                g.maxTokens = settings.maxTokens;
                g.sampler = settings.sampler;
                Session* session = state->session.get();
                // A file that shrank on disk ends the reply with the Session's error (thrown through
                // the generator, which keeps the conversation consistent).
                const GenerationResult r = state->chat->send(
                    text, g,
                    [this, sampler, session](const StreamedToken& t) {
                        Q_EMIT streamed(
                            QString::fromUtf8(t.text.data(), static_cast<qsizetype>(t.text.size())),
                            static_cast<int>(t.index));
                        if (sampler) {
                            const MemoryStats m = session->memory();
                            sampler->setKvCacheBytes(m.kvUsedBytes);
                            sampler->setScratchBytes(m.scratchBytes);
                        }
                    },
                    cancel.get());
                reply.text = QString::fromStdString(r.text);
                reply.tokens = static_cast<int>(r.stats.generatedTokens);
                reply.tokensPerSecond = r.stats.tokensPerSecond;
                reply.timeToFirstToken = r.stats.timeToFirstTokenSeconds;
                reply.stopReason = QLatin1String(stopReasonName(r.stats.stopReason));
            } catch (const std::exception& e) {
                reply.stopReason = QStringLiteral("error: ") + QString::fromUtf8(e.what());
            }
            {
                std::lock_guard lock(flagsMutex_);
                std::erase(flags_, cancel);
            }
            if (state->session) {
                reply.contextUsed = state->session->nPast();
                reply.contextLength = state->session->contextLength();
            }
            Q_EMIT replyFinished(reply);
        },
        Qt::QueuedConnection);
}

void ChatEngine::newChat() {
    auto state = state_;
    QMetaObject::invokeMethod(
        worker_,
        [state] {
            if (state->chat) state->chat->reset();
        },
        Qt::QueuedConnection);
}

void ChatEngine::restore(const QList<QPair<QString, QString>>& turns) {
    std::vector<ChatMessage> messages;
    for (const auto& t : turns) {
        messages.push_back({"user", t.first.toStdString()});
        messages.push_back({"assistant", t.second.toStdString()});
    }
    auto state = state_;
    QMetaObject::invokeMethod(
        worker_,
        [state, messages = std::move(messages)]() mutable {
            if (state->chat) state->chat->restore(std::move(messages));
        },
        Qt::QueuedConnection);
}

} // namespace realm::ui
