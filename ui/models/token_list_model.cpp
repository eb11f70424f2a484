#include "models/token_list_model.h"

#include <QColor>

namespace realm::ui {

QColor tokenSpanColor(int position) {
    static const QColor colors[] = {QColor(0xfd, 0xe0, 0xc5), QColor(0xc6, 0xdb, 0xef),
                                    QColor(0xd9, 0xf0, 0xd3), QColor(0xf2, 0xd7, 0xee),
                                    QColor(0xfe, 0xf3, 0xb3)};
    return colors[position % 5];
}

TokenListModel::TokenListModel(QObject* parent) : QAbstractTableModel(parent) {}

void TokenListModel::setTokens(const TokenizedText& tokens) {
    beginResetModel();
    tokens_ = tokens;
    endResetModel();
}

int TokenListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(tokens_.ids.size());
}
int TokenListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TokenListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const int r = index.row();
    if (role == Qt::BackgroundRole && index.column() == Piece) return tokenSpanColor(r);
    if (role == Qt::ForegroundRole && index.column() == Piece) return QColor(Qt::black);
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Position:
            return r;
        case Id:
            return tokens_.ids.at(r);
        case Piece:
            return tokens_.pieces.at(r);
        default:
            return {};
        }
    }
    return {};
}

QVariant TokenListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Position:
        return QStringLiteral("#");
    case Id:
        return QStringLiteral("id");
    case Piece:
        return QStringLiteral("piece");
    default:
        return {};
    }
}

} // namespace realm::ui
