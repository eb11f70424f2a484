#include "widgets/token_damage_view.h"

#include "text/format.h"
#include "widgets/colormap.h"

#include <QHelpEvent>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QToolTip>

#include <algorithm>

namespace realm::ui {

TokenDamageView::TokenDamageView(QWidget* parent) : QTextEdit(parent) {
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setWhatsThis(tr("The text as both models read it, one token at a time. Each scored token's background "
                    "shows its KL divergence KL(reference ‖ this) of the next-token distributions at the "
                    "position before it: the stronger the colour, the more the quantization changed what "
                    "the model expected there. Dimmed tokens are context only (the first half of each "
                    "chunk, as llama-perplexity scores). Hover a token for its figures."));
}

void TokenDamageView::clearDamage() {
    pieces_.clear();
    starts_.clear();
    scored_.clear();
    tokens_.clear();
    topPieces_.clear();
    clear();
}

void TokenDamageView::setDamage(const QStringList& pieces, const std::vector<int64_t>& scoredAt,
                                const std::vector<TokenDamage>& tokens,
                                const QHash<int32_t, QString>& topPieces, double scale) {
    clearDamage();
    pieces_ = pieces;
    tokens_ = tokens;
    topPieces_ = topPieces;
    scored_.assign(size_t(pieces.size()), -1);
    for (size_t i = 0; i < scoredAt.size() && i < tokens.size(); ++i)
        if (scoredAt[i] >= 0 && scoredAt[i] < pieces.size()) scored_[size_t(scoredAt[i])] = int(i);
    QTextCursor cursor(document());
    QTextCharFormat context;
    context.setForeground(palette().color(QPalette::PlaceholderText));
    const double range = scale > 0 ? scale : 1.0;
    for (qsizetype p = 0; p < pieces.size(); ++p) {
        starts_.push_back(cursor.position());
        const int t = scored_[size_t(p)];
        if (t < 0) {
            cursor.insertText(pieces.at(p), context);
            continue;
        }
        QTextCharFormat f;
        const QColor background = sequentialColor(double(tokens[size_t(t)].kl) / range);
        f.setBackground(background);
        f.setForeground(textColorOn(background));
        cursor.insertText(pieces.at(p), f);
    }
    moveCursor(QTextCursor::Start);
}

int TokenDamageView::pieceAt(const QPoint& viewportPos) const {
    if (starts_.empty()) return -1;
    const int position = cursorForPosition(viewportPos).position();
    // The cursor lands between characters: the piece is the one holding the character after it,
    // or before it at a piece's end (the closer half of a character).
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), position);
    if (it == starts_.begin()) return -1;
    return int(it - starts_.begin()) - 1;
}

QString TokenDamageView::toolTipFor(int piece) const {
    if (piece < 0 || piece >= pieces_.size()) return {};
    const QString shown = visiblePiece(pieces_.at(piece).toStdString());
    const int t = scored_[size_t(piece)];
    if (t < 0) return tr("%1: context only (not scored)").arg(shown);
    const TokenDamage& d = tokens_[size_t(t)];
    const auto top = [this](int32_t id) { return visiblePiece(topPieces_.value(id).toStdString()); };
    const QString tops =
        d.sameTop
            ? tr("Top token: %1 in both models").arg(top(d.referenceTop))
            : tr("Top token: %1 in the reference, %2 in this model").arg(top(d.referenceTop), top(d.testTop));
    return tr("%1\nKL(reference ‖ this): %2 nats\nΔp of this token: %3 %\n%4\nΔp of the reference's top "
              "token: %5 %")
        .arg(shown)
        .arg(double(d.kl), 0, 'g', 4)
        .arg(100.0 * d.deltaP, 0, 'f', 3)
        .arg(tops)
        .arg(100.0 * d.deltaPTop, 0, 'f', 3);
}

bool TokenDamageView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString tip = toolTipFor(pieceAt(help->pos()));
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, viewport());
        return true;
    }
    return QTextEdit::viewportEvent(event);
}

} // namespace realm::ui
