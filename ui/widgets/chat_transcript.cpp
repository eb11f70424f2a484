#include "widgets/chat_transcript.h"

#include "text/token_text.h"
#include "widgets/colormap.h"

#include <QAbstractTextDocumentLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolTip>

namespace realm::ui {

namespace {
constexpr int NodeProperty = QTextFormat::UserProperty + 1;
constexpr int TokenProperty = QTextFormat::UserProperty + 2;

// A token as the transcript writes it; the end-of-generation token gets a marker, so that it
// can be hovered and replaced like any other. Line breaks start paragraphs (blocks of the
// message's format): a streamed token lays out and repaints its paragraph, not the whole reply.
QString shown(const ChatToken& t) {
    return t.text + (t.endOfGeneration ? ChatTranscript::tr(" [end]") : QString());
}

QString percent(float p) {
    return QStringLiteral("%1 %").arg(double(p) * 100, 0, 'f', p < 0.001f ? 3 : 1);
}

// The token's own piece (its text may be empty or hold a character begun by the tokens before).
QString pieceOf(const ChatToken& t) {
    for (const ChatAlternative& a : t.top)
        if (a.id == t.id) return a.piece;
    return t.text;
}

QTextCharFormat bold() {
    QTextCharFormat f;
    f.setFontWeight(QFont::Bold);
    return f;
}

QTextCharFormat link(const QString& href) {
    QTextCharFormat f;
    f.setAnchor(true);
    f.setAnchorHref(href);
    f.setForeground(QPalette().brush(QPalette::Link));
    return f;
}
} // namespace

ChatTranscript::ChatTranscript(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    // A caret, so that a token's alternatives are reached from the keyboard too (Shift+F10).
    setTextInteractionFlags(textInteractionFlags() | Qt::TextSelectableByKeyboard);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        // #sibling-<node>-<step> and #edit-<node>
        const QStringList parts = url.fragment().split(QLatin1Char('-'));
        if (!interactive_ || parts.size() < 2) return;
        const int node = parts.at(1).toInt();
        if (parts.first() == QLatin1String("sibling") && parts.size() == 3)
            Q_EMIT siblingRequested(node, parts.at(2) == QLatin1String("next") ? 1 : -1);
        else if (parts.first() == QLatin1String("edit"))
            Q_EMIT editRequested(node);
    });
}

QTextCharFormat ChatTranscript::tokenFormat(const ChatToken& token, int node, int index) const {
    QTextCharFormat f;
    f.setProperty(NodeProperty, node);
    f.setProperty(TokenProperty, index);
    if (coloured_) {
        // Unlikely tokens red, an even chance the background, likely ones a light blue (most tokens
        // are likely: a strong colour there would drown the ones that stand out).
        const double t = 1.0 - 2.0 * double(token.probability);
        const QColor back = divergingColor(t > 0 ? t : 0.45 * t);
        f.setBackground(back);
        f.setForeground(textColorOn(back));
    }
    return f;
}

void ChatTranscript::render(const ChatTree* tree) {
    tree_ = tree;
    if (menu_) menu_->close();
    document()->clear();
    QTextCursor c(document());
    // One edit: the document is laid out once, not again after each token inserted (quadratic
    // in a reply's length: 2 s of UI thread for a 1500-token reply).
    c.beginEditBlock();
    bool first = true;
    const QList<int> path = tree ? tree->path() : QList<int>();
    for (int id : path) {
        const ChatNode& n = tree->node(id);
        QTextBlockFormat block;
        block.setTopMargin(first ? 0 : 8);
        QTextCharFormat text;
        if (n.fromUser) {
            block.setBackground(QColor(0xe8, 0xee, 0xf7));
            text.setForeground(Qt::black);
        }
        if (first)
            c.setBlockFormat(block);
        else
            c.insertBlock(block, text);
        first = false;
        QTextCharFormat header = bold();
        if (n.fromUser) header.setForeground(Qt::black);
        c.insertText(n.fromUser ? tr("You") : tr("Model"), header);
        const auto [position, count] = tree->siblings(id);
        if (count > 1) {
            // untranslated: a link target
            const QString prefix = QStringLiteral("#sibling-%1-").arg(id);
            c.insertText(QStringLiteral("   "), text);
            c.insertText(QStringLiteral("◀"), position > 0 ? link(prefix + QStringLiteral("prev")) : text);
            c.insertText(QStringLiteral(" %1/%2 ").arg(position + 1).arg(count), text);
            c.insertText(QStringLiteral("▶"),
                         position + 1 < count ? link(prefix + QStringLiteral("next")) : text);
        }
        if (n.fromUser) {
            c.insertText(QStringLiteral("   "), text);
            // untranslated: a link target
            c.insertText(tr("Edit"), link(QStringLiteral("#edit-%1").arg(id)));
        }
        block.setTopMargin(0);
        c.insertBlock(block, text);
        if (n.tokens.isEmpty()) {
            c.insertText(n.text, text);
        } else {
            for (int i = 0; i < n.tokens.size(); ++i)
                c.insertText(shown(n.tokens.at(i)), tokenFormat(n.tokens.at(i), id, i));
        }
        if (!n.stats.isEmpty()) {
            QTextCharFormat small;
            small.setForeground(QColor(0x77, 0x77, 0x77));
            small.setFontPointSize(font().pointSizeF() * 0.85);
            c.insertBlock(QTextBlockFormat(), small);
            c.insertText(n.stats, small);
        }
    }
    c.endEditBlock();
    moveCursor(QTextCursor::End);
}

void ChatTranscript::append(const QString& piece, const ChatToken& token, int node, int index) {
    QTextCursor end(document());
    end.movePosition(QTextCursor::End);
    end.insertText(token.id >= 0 ? shown(token) : piece,
                   token.id >= 0 ? tokenFormat(token, node, index) : end.charFormat());
    moveCursor(QTextCursor::End);
}

void ChatTranscript::setColouredByProbability(bool on) {
    if (coloured_ == on) return;
    coloured_ = on;
    const int scroll = verticalScrollBar()->value();
    render(tree_);
    verticalScrollBar()->setValue(scroll);
}

ChatTranscript::TokenRef ChatTranscript::tokenAt(QPoint viewportPos) const {
    const QPointF at =
        QPointF(viewportPos) + QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
    return tokenAtPosition(document()->documentLayout()->hitTest(at, Qt::ExactHit));
}

ChatTranscript::TokenRef ChatTranscript::tokenAtPosition(int pos) const {
    if (pos < 0) return {};
    // The fragment holding the character that starts at `pos`.
    const QTextBlock block = document()->findBlock(pos);
    for (auto it = block.begin(); !it.atEnd(); ++it) {
        const QTextFragment f = it.fragment();
        if (pos < f.position() || pos >= f.position() + f.length()) continue;
        const QTextCharFormat format = f.charFormat();
        if (!format.hasProperty(NodeProperty)) return {};
        return {format.intProperty(NodeProperty), format.intProperty(TokenProperty)};
    }
    return {};
}

QPoint ChatTranscript::pointOf(TokenRef token) const {
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            const QTextCharFormat format = f.charFormat();
            if (format.intProperty(NodeProperty) != token.node ||
                format.intProperty(TokenProperty) != token.index || !format.hasProperty(NodeProperty) ||
                f.length() == 0)
                continue;
            QTextCursor c(document());
            c.setPosition(f.position());
            const QRect r = cursorRect(c);
            return QPoint(r.right() + 3, r.center().y());
        }
    }
    return {-1, -1};
}

QString ChatTranscript::toolTipFor(TokenRef ref) const {
    if (!tree_ || !ref.valid() || ref.node >= tree_->size()) return {};
    const QList<ChatToken>& tokens = tree_->node(ref.node).tokens;
    if (ref.index < 0 || ref.index >= tokens.size()) return {};
    const ChatToken& t = tokens.at(ref.index);
    QString html = tr("<b>%1</b> &nbsp; %2 before sampling")
                       .arg(visiblePiece(pieceOf(t).toStdString()).toHtmlEscaped(), percent(t.probability));
    html += QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (const ChatAlternative& a : t.top) {
        const QString piece = visiblePiece(a.piece.toStdString()).toHtmlEscaped();
        // untranslated: table markup
        html += QStringLiteral("<tr><td>%1</td><td align='right'>&nbsp;%2</td><td>&nbsp;%3</td></tr>")
                    .arg(a.id == t.id ? QStringLiteral("<b>%1</b>").arg(piece) : piece,
                         percent(a.probability), a.survived ? tr("kept") : QString());
    }
    html += QStringLiteral("</table>");
    html += branching_ ? tr("<i>“kept”: left by the sampling chain. Click the token (or Shift+F10 at the "
                            "caret) to continue from another one.</i>")
                       : tr("<i>Probabilities as the server reported them.</i>");
    return html;
}

bool ChatTranscript::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString tip = toolTipFor(tokenAt(help->pos()));
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, viewport());
        return true;
    }
    return QTextBrowser::viewportEvent(event);
}

void ChatTranscript::mouseReleaseEvent(QMouseEvent* event) {
    QTextBrowser::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton || textCursor().hasSelection() || !interactive_ || !branching_)
        return;
    const TokenRef token = tokenAt(event->position().toPoint());
    if (token.valid()) openAlternatives(token, event->globalPosition().toPoint());
}

void ChatTranscript::keyPressEvent(QKeyEvent* event) {
    const bool menuKey = event->key() == Qt::Key_Menu ||
                         (event->key() == Qt::Key_F10 && event->modifiers() == Qt::ShiftModifier);
    if (menuKey && interactive_ && branching_) {
        // The token after the caret, else the one it ends.
        const int pos = textCursor().position();
        TokenRef token = tokenAtPosition(pos);
        if (!token.valid()) token = tokenAtPosition(pos - 1);
        if (token.valid()) {
            openAlternatives(token, viewport()->mapToGlobal(cursorRect().bottomLeft()));
            return;
        }
    }
    QTextBrowser::keyPressEvent(event);
}

void ChatTranscript::openAlternatives(TokenRef ref, QPoint globalPos) {
    if (!tree_ || ref.node >= tree_->size() || ref.index >= tree_->node(ref.node).tokens.size()) return;
    const ChatToken& t = tree_->node(ref.node).tokens.at(ref.index);
    if (menu_) menu_->close();
    menu_ = new QMenu(this);
    menu_->setAttribute(Qt::WA_DeleteOnClose);
    menu_->addSection(tr("Continue with"));
    for (const ChatAlternative& a : t.top) {
        QAction* action =
            menu_->addAction(QStringLiteral("%1\t%2%3")
                                 .arg(visiblePiece(a.piece.toStdString()), percent(a.probability),
                                      a.survived ? QStringLiteral("  ") + tr("kept") : QString()));
        action->setData(a.id);
        action->setEnabled(a.id != t.id); // the token already there
        connect(action, &QAction::triggered, this,
                [this, ref, id = a.id] { Q_EMIT alternativeChosen(ref.node, ref.index, id); });
    }
    menu_->popup(globalPos);
}

} // namespace realm::ui
