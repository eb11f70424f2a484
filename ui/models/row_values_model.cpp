#include "models/row_values_model.h"

namespace realm::ui {

void RowValuesModel::setValues(const QVector<float>& values) {
    beginResetModel();
    values_ = values;
    endResetModel();
}

int RowValuesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(values_.size());
}

int RowValuesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 1;
}

QVariant RowValuesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= values_.size()) return {};
    if (role == Qt::DisplayRole) return QString::number(values_[index.row()], 'g', 9);
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RowValuesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Horizontal) return QStringLiteral("value");
    return section;
}

} // namespace realm::ui
