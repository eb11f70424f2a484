#include "models/memory_sample_model.h"

#include "text/format.h"

namespace realm::ui {

MemorySampleModel::MemorySampleModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent), capacity_(capacity) {}

void MemorySampleModel::append(const MemorySample& sample) {
    ++received_;
    if (samples_.size() >= capacity_) {
        beginRemoveRows({}, 0, 0);
        samples_.removeFirst();
        endRemoveRows();
    }
    const int row = static_cast<int>(samples_.size());
    beginInsertRows({}, row, row);
    samples_.push_back(sample);
    endInsertRows();
}

void MemorySampleModel::clear() {
    beginResetModel();
    samples_.clear();
    endResetModel();
}

int MemorySampleModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(samples_.size());
}

int MemorySampleModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MemorySampleModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const MemorySample& s = samples_.at(index.row());
    uint64_t v = 0;
    switch (index.column()) {
    case Time:
        return role == Qt::DisplayRole ? QVariant(QString::number(s.seconds, 'f', 1))
                                       : (role == Qt::UserRole ? QVariant(s.seconds) : QVariant());
    case Rss:
        v = s.rss;
        break;
    case MappedResident:
        v = s.mappedResident;
        break;
    case KvCache:
        v = s.kvCache;
        break;
    case Scratch:
        v = s.scratch;
        break;
    }
    if (role == Qt::DisplayRole) return formatBytes(v);
    if (role == Qt::UserRole) return QVariant::fromValue<qulonglong>(v);
    return {};
}

QVariant MemorySampleModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const names[] = {"Time (s)", "RSS", "Mapped resident", "KV cache", "Scratch"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

} // namespace realm::ui
