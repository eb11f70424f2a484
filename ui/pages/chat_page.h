#pragma once
#include "document/chat_store.h"
#include "jobs/chat_engine.h"
#include "pages/page.h"

#include <QElapsedTimer>

#include <QPointer>

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTextBrowser;
class QTextDocument;

namespace realm::ui {

// The conversation with streamed replies; settings beside it; Enter sends, Esc stops.
class ChatPage : public Page {
    Q_OBJECT
  public:
    explicit ChatPage(QWidget* parent = nullptr);
    // nullptr: no model. With a model path, the conversation saved for it is restored and
    // every change (including a reply as it streams) is saved again.
    void setEngine(ChatEngine* engine, const QString& modelPath = {});
    ChatSettings settings() const;
    void setSettings(const ChatSettings& s);
    void sendMessage(const QString& text);
    void stop();
    void newChat();
    void regenerate(); // drop the last reply and generate it again
    QList<ChatTurn> turns() const { return turns_; }
    QString lastReply() const { return lastReply_; }
    int streamedPieces() const { return streamedPieces_; }
    QString markdown() const;
    const QTextDocument* transcript() const;
    bool exportMarkdown(const QString& path, QString* error = nullptr) const;
    bool isGenerating() const { return generating_; }
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
    void onEnginesStarted() override;
    void onEnginesStopping() override;

  private:
    void render();                            // the whole conversation, once per turn
    void appendToReply(const QString& piece); // one streamed piece, at the end
    void save();
    void saveSoon(); // throttled: at most every 500 ms while a reply streams
    void begin();    // UI state for a reply that is starting

    QPointer<ChatEngine> engine_;
    QTextBrowser* transcript_;
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
    QSpinBox* context_;
    QList<ChatTurn> turns_;
    QString modelPath_;
    QElapsedTimer sinceSave_, sinceFirstToken_;
    bool savePending_ = false;
    QString lastReply_;
    int streamedPieces_ = 0;
    bool generating_ = false;
};

} // namespace realm::ui
