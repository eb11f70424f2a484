#include "models/top_tokens_model.h"

namespace realm::ui {

TopTokensModel::TopTokensModel(QObject* parent) : QAbstractTableModel(parent) {}

void TopTokensModel::setRows(const QList<Row>& rows) {
    beginResetModel();
    rows_ = rows;
    endResetModel();
}

int TopTokensModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}
int TopTokensModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopTokensModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Row& r = rows_.at(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() == Piece ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    const bool raw = role == Qt::EditRole; // numbers for sorting/tests
    switch (index.column()) {
    case Rank:
        return index.row() + 1;
    case Id:
        return r.id;
    case Piece:
        return r.piece;
    case Logit:
        return raw ? QVariant(r.logit) : QVariant(QString::number(r.logit, 'f', 3));
    case Probability:
        return raw ? QVariant(r.probability) : QVariant(QString::number(r.probability, 'f', 4));
    default:
        return {};
    }
}

QVariant TopTokensModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Rank:
        return QStringLiteral("#");
    case Id:
        return QStringLiteral("id");
    case Piece:
        return QStringLiteral("token");
    case Logit:
        return QStringLiteral("logit");
    case Probability:
        return QStringLiteral("p");
    default:
        return {};
    }
}

} // namespace realm::ui
