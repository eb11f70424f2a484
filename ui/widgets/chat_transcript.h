#pragma once
#include "document/chat_tree.h"

#include <QMenu>
#include <QPointer>
#include <QTextBrowser>

namespace realm::ui {

// The shown branch of a conversation. Each reply token is its own run of text that knows its
// message and position: hovering shows its probability and alternatives, clicking (or Shift+F10
// at the caret) offers the alternatives to branch from, and the reply can be coloured by probability.
// Messages with siblings get ◀ 2/3 ▶ switchers, user messages an Edit link. A streaming reply grows at the
// end (append), without writing the rest again.
class ChatTranscript : public QTextBrowser {
    Q_OBJECT
  public:
    explicit ChatTranscript(QWidget* parent = nullptr);

    // Writes the shown branch of `tree`, which must outlive the next render (the engine's).
    void render(const ChatTree* tree);
    // A streamed piece of the reply that ends the transcript.
    void append(const QString& piece, const ChatToken& token, int node, int index);
    void setColouredByProbability(bool on);
    bool colouredByProbability() const { return coloured_; }
    // While false (a reply is streaming) tokens, switchers and Edit do nothing when clicked.
    void setInteractive(bool on) { interactive_ = on; }
    // Whether a click on a token offers to continue from another one (the local engine can; a
    // server gives probabilities but cannot be made to take a token).
    void setBranching(bool on) { branching_ = on; }

    struct TokenRef {
        int node = -1, index = -1;
        bool valid() const { return node >= 0; }
    };
    // The reply token under a point of the viewport, or holding a document position.
    TokenRef tokenAt(QPoint viewportPos) const;
    TokenRef tokenAtPosition(int documentPos) const;
    // Where that token is drawn, in viewport coordinates (the centre of its first character).
    QPoint pointOf(TokenRef token) const;
    QString toolTipFor(TokenRef token) const;
    // The menu a click on a token (or Shift+F10 / the Menu key at the caret) opens (nullptr when none is
    // open).
    QMenu* alternativesMenu() const { return menu_; }

  Q_SIGNALS:
    void alternativeChosen(int node, int tokenIndex, qint32 id);
    void siblingRequested(int node, int step);
    void editRequested(int node);

  protected:
    bool viewportEvent(QEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

  private:
    QTextCharFormat tokenFormat(const ChatToken& token, int node, int index) const;
    void openAlternatives(TokenRef token, QPoint globalPos);

    const ChatTree* tree_ = nullptr;
    bool coloured_ = false;
    bool interactive_ = true;
    bool branching_ = true;
    QPointer<QMenu> menu_;
};

} // namespace realm::ui
