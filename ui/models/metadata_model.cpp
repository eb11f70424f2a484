#include "models/metadata_model.h"

namespace realm::ui {

void MetadataModel::setEntries(const QList<MetadataEntry>& entries) {
    beginResetModel();
    entries_ = entries;
    endResetModel();
}

int MetadataModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

int MetadataModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetadataModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const MetadataEntry& e = entries_.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Key:
            return e.key;
        case Type:
            return e.type;
        case Value:
            return e.value;
        }
    } else if (role == Qt::ToolTipRole && index.column() == Value) {
        if (e.isArray) return tr("Double-click to browse the %1 items").arg(e.items.size());
        if (!e.fullText.isEmpty() && e.fullText != e.value) return tr("Double-click to read the whole text");
        return tr("key at byte offset %1").arg(e.offset);
    } else if (role == EntryIndexRole) {
        return index.row();
    }
    return {};
}

QVariant MetadataModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Key:
        return tr("Key");
    case Type:
        return tr("Type");
    case Value:
        return tr("Value");
    }
    return {};
}

} // namespace realm::ui
