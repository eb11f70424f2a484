#pragma once
#include "quantlab/kl_divergence.h"

#include <QHash>
#include <QTextEdit>

#include <vector>

namespace realm::ui {

// A text shown token by token, each scored token's background coloured by its KL divergence
// (the palette's sequential scale over [0, scale]); tokens that were only context are dimmed.
// Hovering a token shows its figures.
class TokenDamageView : public QTextEdit {
    Q_OBJECT
  public:
    explicit TokenDamageView(QWidget* parent = nullptr);
    // pieces: every token of the text; tokens[i] belongs to pieces[scoredAt[i]].
    // topPieces: the piece of each token id a model put on top.
    void setDamage(const QStringList& pieces, const std::vector<int64_t>& scoredAt,
                   const std::vector<TokenDamage>& tokens, const QHash<int32_t, QString>& topPieces,
                   double scale);
    void clearDamage();
    // The piece under a point of the viewport (-1: none), and what hovering it shows.
    int pieceAt(const QPoint& viewportPos) const;
    QString toolTipFor(int piece) const;

  protected:
    bool viewportEvent(QEvent* event) override;

  private:
    QStringList pieces_;
    std::vector<int> starts_; // character position of each piece in the document
    std::vector<int> scored_; // per piece: index into tokens_, or -1
    std::vector<TokenDamage> tokens_;
    QHash<int32_t, QString> topPieces_;
};

} // namespace realm::ui
