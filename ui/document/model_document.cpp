#include "document/model_document.h"

#include "document/file_change_watcher.h"
#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "jobs/layer_stepper.h"

namespace realm::ui {

ModelDocument::ModelDocument(ModelSession* session, MemorySampler* sampler, QObject* parent)
    : QObject(parent), session_(session), sampler_(sampler), watcher_(new FileChangeWatcher(this)) {
    session_->setParent(this);
    watcher_->watch(session_->file());
    connect(watcher_, &FileChangeWatcher::changed, this, &ModelDocument::fileChanged);
}

ModelDocument::~ModelDocument() {
    stopEngines();
    delete watcher_;
    delete session_;
}

const ModelSummary& ModelDocument::summary() const {
    return session_->summary();
}
ChatEngine* ModelDocument::chatEngine() const {
    return engine_;
}
LayerStepper* ModelDocument::layerStepper() const {
    return stepper_;
}

void ModelDocument::stopEngines() {
    if (!engine_ && !stepper_) return;
    Q_EMIT enginesStopping();
    delete stepper_.data();
    delete engine_.data(); // cancels a running reply and joins its thread
}

void ModelDocument::startEngines(qint64 contextLength, qint64 modelContextLength) {
    stopEngines();
    contextLength_ = contextLength;
    modelContext_ = modelContextLength;
    engine_ = new ChatEngine(session_->file(), sampler_, this, contextLength);
    stepper_ = new LayerStepper(session_->file(), this, contextLength);
    Q_EMIT enginesStarted();
}

void ModelDocument::stopReading() {
    session_->cancelTensorJobs();
    if (engine_) engine_->stop();
}

} // namespace realm::ui
