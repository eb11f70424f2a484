#include "models/array_items_model.h"

#include <algorithm>

namespace realm::ui {

void ArrayItemsModel::setItems(const QStringList& items) {
    items_ = items;
    rebuild();
}

void ArrayItemsModel::setFilter(const QString& text) {
    filter_ = text;
    rebuild();
}

void ArrayItemsModel::rebuild() {
    beginResetModel();
    matches_.clear();
    bool isNumber = false;
    const int wanted = filter_.toInt(&isNumber);
    for (int i = 0; i < items_.size(); ++i)
        if (filter_.isEmpty() || (isNumber && i == wanted) ||
            items_.at(i).contains(filter_, Qt::CaseInsensitive))
            matches_.push_back(i);
    fetched_ = std::min(PageSize, static_cast<int>(matches_.size()));
    inserting_ = true; // no fetchMore from inside the reset notification
    endResetModel();
    inserting_ = false;
}

int ArrayItemsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : fetched_;
}

int ArrayItemsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ArrayItemsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const int item = matches_.at(index.row());
    if (role == Qt::DisplayRole) return index.column() == Index ? QVariant(item) : QVariant(items_.at(item));
    if (role == Qt::TextAlignmentRole && index.column() == Index)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ArrayItemsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == Index ? QStringLiteral("#") : tr("Value");
}

bool ArrayItemsModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && fetched_ < matches_.size();
}

void ArrayItemsModel::fetchMore(const QModelIndex& parent) {
    // Views (and the model tester) may ask again from inside the insertion notification.
    if (parent.isValid() || inserting_) return;
    const int more = std::min(PageSize, static_cast<int>(matches_.size()) - fetched_);
    if (more <= 0) return;
    inserting_ = true;
    beginInsertRows({}, fetched_, fetched_ + more - 1);
    fetched_ += more;
    endInsertRows();
    inserting_ = false;
}

} // namespace realm::ui
