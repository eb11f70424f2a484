#pragma once
#include "document/layer_types.h"

#include <QAbstractTableModel>

namespace realm::ui {

// Tokens of a text: position, id and the visible piece.
class TokenListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Position, Id, Piece, ColumnCount };
    explicit TokenListModel(QObject* parent = nullptr);
    void setTokens(const TokenizedText& tokens);
    const TokenizedText& tokens() const { return tokens_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  private:
    TokenizedText tokens_;
};

// The span colour of the token at `position` (alternating soft hues).
QColor tokenSpanColor(int position);

} // namespace realm::ui
