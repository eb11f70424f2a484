#pragma once
#include "chat_engine.h"

#include <QPointer>
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace realm::ui {

// The conversation with streamed replies; settings beside it; Enter sends, Esc stops.
class ChatPage : public QWidget {
    Q_OBJECT
public:
    explicit ChatPage(QWidget* parent = nullptr);
    void setEngine(ChatEngine* engine); // nullptr: no model
    ChatSettings settings() const;
    void setSettings(const ChatSettings& s);
    void sendMessage(const QString& text);
    void stop();
    void newChat();
    QString lastReply() const { return lastReply_; }
    int streamedPieces() const { return streamedPieces_; }
    QString markdown() const;
    bool isGenerating() const { return generating_; }

Q_SIGNALS:
    void replyDone(const realm::ui::ChatReply& reply);
    void generatingChanged(bool generating);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void render();

    QPointer<ChatEngine> engine_;
    QTextBrowser* transcript_;
    QPlainTextEdit* input_;
    QPushButton* send_;
    QPushButton* stop_;
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
    struct Turn {
        QString user, reply, stats;
    };
    QList<Turn> turns_;
    QString lastReply_;
    int streamedPieces_ = 0;
    bool generating_ = false;
};

} // namespace realm::ui
