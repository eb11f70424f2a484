#pragma once
#include "document/model_types.h"

#include <QObject>
#include <QPointer>
#include <QVector>

namespace realm::ui {

class ChatEngine;
class FileChangeWatcher;
class InterventionEngine;
class LayerStepper;
class MemorySampler;
class ModelSession;

// One opened file and everything tied to it: the loaded session (summary, tensor jobs), the
// chat engine, layer stepper and intervention engine that run the model, and the watch on the file. Pages
// reach the model through it; the window only creates and deletes it. Deleting it is the one teardown:
// engines first (each cancels its jobs and waits for the running one), then the watch, then
// the session, whose job queue cancels what is left and joins its workers.
class ModelDocument : public QObject {
    Q_OBJECT
  public:
    // Takes the loaded session.
    ModelDocument(ModelSession* session, MemorySampler* sampler, QObject* parent = nullptr);
    ~ModelDocument() override;

    ModelSession* session() const { return session_; }
    const ModelSummary& summary() const;
    ChatEngine* chatEngine() const;
    LayerStepper* layerStepper() const;
    InterventionEngine* interventions() const;
    FileChangeWatcher* fileWatcher() const { return watcher_; }
    qint64 contextLength() const { return contextLength_; }
    qint64 modelContextLength() const { return modelContext_; } // 0: unknown
    // The file this one is measured against (Compare and KL divergence pages): the last one
    // picked, remembered in the settings; "" when none.
    QString referencePath() const { return reference_; }
    void setReferencePath(const QString& path);
    // Makes `path` the reference of the next documents (realm-studio --reference).
    static void rememberReference(const QString& path);
    // Read over HTTP: the header and tensor bytes on request, no engines (they need the weights).
    bool isRemote() const;

    // (Re)starts chat engine and stepper at this context: enginesStopping lets users of the old
    // ones let go before they are deleted, enginesStarted hands out the new ones.
    void startEngines(qint64 contextLength, qint64 modelContextLength);
    // Where the chat's replies come from when not from this model: a server ("URL · model"),
    // or empty for the local engine. Set by the chat page; the Memory page says so.
    void setRemoteChat(const QString& where);
    QString remoteChat() const { return remoteChat_; }
    // Stops work that reads tensor data (the file was truncated under it).
    void stopReading();

  Q_SIGNALS:
    void enginesStopping();
    void enginesStarted();
    void fileChanged(const QString& what, bool truncated);
    // The final logits of the last layer-stepper run or chat reply (→ Logits page).
    void finalLogits(const QVector<float>& logits, const QString& context);
    // A page asks for a prompt to run through every stage (Logits page → Layers page, which
    // owns the layer stepper's runs; its final logits come back through finalLogits).
    void runPromptRequested(const QString& text);
    // A page asks for another context length; the window checks memory and restarts engines.
    void contextLengthRequested(qint64 tokens);
    void referenceChanged(const QString& path);
    void remoteChatChanged(const QString& where);

  private:
    void stopEngines();

    ModelSession* session_;
    MemorySampler* sampler_;
    FileChangeWatcher* watcher_;
    QPointer<ChatEngine> engine_;
    QPointer<LayerStepper> stepper_;
    QPointer<InterventionEngine> interventions_;
    qint64 contextLength_ = 0;
    qint64 modelContext_ = 0;
    QString reference_;
    QString remoteChat_;
};

} // namespace realm::ui
