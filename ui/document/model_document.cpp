#include "document/model_document.h"

#include "document/file_change_watcher.h"
#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "jobs/intervention_engine.h"
#include "jobs/layer_stepper.h"

#include <QFileInfo>
#include <QSettings>

namespace realm::ui {

namespace {
const QString ReferenceKey = QStringLiteral("quantlab/reference");
}

ModelDocument::ModelDocument(ModelSession* session, MemorySampler* sampler, QObject* parent)
    : QObject(parent), session_(session), sampler_(sampler), watcher_(new FileChangeWatcher(this)) {
    session_->setParent(this);
    if (!session_->remote()) watcher_->watch(session_->file());
    connect(watcher_, &FileChangeWatcher::changed, this, &ModelDocument::fileChanged);
    const QString reference = QSettings().value(ReferenceKey).toString();
    if (QFileInfo::exists(reference)) reference_ = reference;
}

void ModelDocument::rememberReference(const QString& path) {
    QSettings().setValue(ReferenceKey, path);
}

void ModelDocument::setReferencePath(const QString& path) {
    if (path == reference_) return;
    reference_ = path;
    rememberReference(path);
    Q_EMIT referenceChanged(path);
}

ModelDocument::~ModelDocument() {
    stopEngines();
    delete watcher_;
    delete session_;
}

const ModelSummary& ModelDocument::summary() const {
    return session_->summary();
}
bool ModelDocument::isRemote() const {
    return session_->remote() != nullptr;
}
ChatEngine* ModelDocument::chatEngine() const {
    return engine_;
}
LayerStepper* ModelDocument::layerStepper() const {
    return stepper_;
}
InterventionEngine* ModelDocument::interventions() const {
    return interventions_;
}

void ModelDocument::stopEngines() {
    if (!engine_ && !stepper_) return;
    Q_EMIT enginesStopping();
    delete interventions_.data();
    delete stepper_.data();
    delete engine_.data(); // cancels a running reply and waits for it
}

void ModelDocument::startEngines(qint64 contextLength, qint64 modelContextLength) {
    stopEngines();
    if (isRemote()) return; // the engines need the weights on this computer
    contextLength_ = contextLength;
    modelContext_ = modelContextLength;
    engine_ = new ChatEngine(session_->jobs(), session_->file(), sampler_, this, contextLength);
    stepper_ = new LayerStepper(session_->jobs(), session_->file(), this, contextLength);
    interventions_ = new InterventionEngine(session_->jobs(), session_->file(), this, contextLength);
    // The Logits page follows the chat as it follows the Layers page.
    connect(engine_, &ChatEngine::replyFinished, this, [this](const ChatReply& r) {
        if (!r.lastLogits.isEmpty()) Q_EMIT finalLogits(r.lastLogits, r.logitsContext);
    });
    Q_EMIT enginesStarted();
}

void ModelDocument::setRemoteChat(const QString& where) {
    if (where == remoteChat_) return;
    remoteChat_ = where;
    Q_EMIT remoteChatChanged(where);
}

void ModelDocument::stopReading() {
    session_->cancelTensorJobs();
    if (engine_) engine_->stop();
}

} // namespace realm::ui
