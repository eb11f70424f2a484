#pragma once
#include "document/chat_saver.h"
#include "document/chat_store.h"
#include "jobs/chat_engine.h"
#include "pages/page.h"

#include <QElapsedTimer>
#include <QPointer>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTextDocument;

namespace realm::ui {

class ChatBackendPanel;
class ChatTranscript;
class RemoteChat;

// The conversation with streamed replies; settings beside it; Enter sends, Esc stops. Replies
// come from a ChatBackend: the open model's ChatEngine, or a server that speaks the OpenAI API
// (RemoteChat), as the backend panel chooses.
class ChatPage : public Page {
    Q_OBJECT
  public:
    explicit ChatPage(QWidget* parent = nullptr);
    ~ChatPage() override;
    // The local engine (nullptr: no model). With a model path, the conversation saved for it is
    // restored and every change (including a reply as it streams) is saved again.
    void setEngine(ChatEngine* engine, const QString& modelPath = {});
    // The backend replies come from (the local engine or the remote one), or nullptr.
    ChatBackend* backend() const { return backend_; }
    RemoteChat* remoteChat() const { return remote_; }
    ChatBackendPanel* backendPanel() const { return backendPanel_; }
    bool needsLocalWeights() const override;
    QString withoutLocalWeights() const override;
    void useWithoutLocalWeights() override;
    ChatSettings settings() const;
    void setSettings(const ChatSettings& s);
    void sendMessage(const QString& text);
    void stop();
    void newChat();
    void regenerate(); // answer the last message again, beside the old reply
    // A new branch of reply `node`: its first `tokenIndex` tokens, then `alternative`, then sampled.
    void branch(int node, int tokenIndex, qint32 alternative);
    // Shows the sibling `step` places from message `node` (the ◀ ▶ switchers).
    void showSibling(int node, int step);
    // Puts user message `node` into the input: the next send answers it as a new branch.
    void startEditing(int node);
    int editing() const { return editing_; }
    // The shown branch of the engine's conversation (empty without one).
    QList<ChatTurn> turns() const { return backend_ ? backend_->conversation().turns() : QList<ChatTurn>(); }
    ChatTranscript* transcriptView() const { return transcript_; }
    void setColouredByProbability(bool on);
    QString lastReply() const { return lastReply_; }
    int streamedPieces() const { return streamedPieces_; }
    QString markdown() const;
    const QTextDocument* transcript() const;
    bool exportMarkdown(const QString& path, QString* error = nullptr) const;
    bool isGenerating() const { return generating_; }
    QString statusLine() const;
    // The context the engine runs at and the model's maximum (0: unknown).
    void setContextLimits(qint64 current, qint64 modelMax);
    qint64 contextShown() const;

  Q_SIGNALS:
    void replyDone(const realm::ui::ChatReply& reply);
    void generatingChanged(bool generating);
    // Live generation figures for the status bar ("" when idle).
    void speedChanged(const QString& text);
    // The person chose another context length (the engine restarts with it).
    void contextLengthChosen(qint64 tokens);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  protected:
    void onDocumentChanged() override;
    void onEnginesStarted() override;
    void onEnginesStopping() override;

  private:
    // Shows and feeds the backend the panel chooses.
    void useChosenBackend();
    // Replies from `backend` (nullptr: none); the conversation is kept under `storeKey`.
    void attach(ChatBackend* backend, const QString& storeKey);
    void render();   // the whole shown branch, once per turn
    void save();     // in the background (ChatSaver)
    void saveSoon(); // throttled: at most every 500 ms while a reply streams
    void couldNotSave(const QString& modelPath);
    void begin(); // UI state for a reply that is starting

    QPointer<ChatBackend> backend_;
    QPointer<ChatEngine> local_;
    QString localPath_;
    RemoteChat* remote_;
    ChatBackendPanel* backendPanel_;
    ChatTranscript* transcript_;
    QCheckBox* colour_;
    QPlainTextEdit* input_;
    QPushButton* send_;
    QPushButton* stop_;
    QPushButton* regenerate_;
    QProgressBar* gauge_;
    QLabel* status_;
    QPlainTextEdit* system_;
    QDoubleSpinBox* temperature_;
    QSpinBox* topK_;
    QDoubleSpinBox* topP_;
    QDoubleSpinBox* minP_;
    QDoubleSpinBox* repeat_;
    QSpinBox* seed_;
    QSpinBox* maxTokens_;
    QLineEdit* stopAt_;
    QSpinBox* context_;
    QLabel* steering_; // the control vector the chat adds (set on the Steering page)
    QString storeKey_; // the conversation's file (chat_store), empty: not saved
    ChatSaver saver_;
    QElapsedTimer sinceSave_, sinceFirstToken_;
    bool savePending_ = false;
    QString lastReply_;
    int streamedPieces_ = 0;
    bool generating_ = false;
    int editing_ = -1; // the user message the input replaces, or -1
};

} // namespace realm::ui
