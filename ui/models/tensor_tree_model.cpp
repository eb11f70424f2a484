#include "models/tensor_tree_model.h"

#include "text/format.h"

#include <QMap>
#include <QRegularExpression>

namespace realm::ui {

void TensorTreeModel::setTensors(const QList<TensorEntry>& tensors) {
    beginResetModel();
    tensors_ = tensors;
    groups_.clear();
    top_.clear();
    groupTopRow_.clear();
    // untranslated: a pattern over tensor names
    static const QRegularExpression blockName(QStringLiteral("^blk\\.(\\d+)\\."));
    QMap<int, QVector<int>> byBlock;
    QVector<int> rest;
    for (int i = 0; i < tensors_.size(); ++i) {
        const auto m = blockName.match(tensors_.at(i).name);
        if (m.hasMatch())
            byBlock[m.captured(1).toInt()].push_back(i);
        else
            rest.push_back(i);
    }
    for (auto it = byBlock.cbegin(); it != byBlock.cend(); ++it) {
        Group g;
        g.block = it.key();
        g.name = QStringLiteral("blk.%1").arg(it.key());
        g.tensors = it.value();
        for (int t : g.tensors) {
            g.elements += tensors_.at(t).elements;
            g.bytes += tensors_.at(t).bytes;
        }
        groupTopRow_.push_back(static_cast<int>(top_.size()));
        top_.push_back({static_cast<int>(groups_.size()), -1});
        groups_.push_back(g);
    }
    for (int t : rest)
        top_.push_back({-1, t});
    endResetModel();
}

QModelIndex TensorTreeModel::indexOfTensor(int tensorIndex) const {
    for (int r = 0; r < top_.size(); ++r) {
        const TopItem& item = top_.at(r);
        if (item.tensor == tensorIndex) return createIndex(r, 0, quintptr(0));
        if (item.group >= 0) {
            const int child = static_cast<int>(groups_.at(item.group).tensors.indexOf(tensorIndex));
            if (child >= 0) return createIndex(child, 0, quintptr(item.group + 1));
        }
    }
    return {};
}

QModelIndex TensorTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    if (!parent.isValid()) return createIndex(row, column, quintptr(0));
    // Children carry their group (1-based) in the internal id; grandchildren do not exist.
    const TopItem& item = top_.at(parent.row());
    return createIndex(row, column, quintptr(item.group + 1));
}

QModelIndex TensorTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    const int group = static_cast<int>(child.internalId()) - 1;
    return createIndex(groupTopRow_.at(group), 0, quintptr(0));
}

int TensorTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(top_.size());
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    const TopItem& item = top_.at(parent.row());
    return item.group >= 0 ? static_cast<int>(groups_.at(item.group).tensors.size()) : 0;
}

int TensorTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant TensorTreeModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    int tensorIndex = -1;
    const Group* group = nullptr;
    if (index.internalId() == 0) {
        const TopItem& item = top_.at(index.row());
        if (item.group >= 0)
            group = &groups_.at(item.group);
        else
            tensorIndex = item.tensor;
    } else {
        tensorIndex = groups_.at(static_cast<int>(index.internalId()) - 1).tensors.at(index.row());
    }
    if (role == TensorIndexRole) return tensorIndex;
    if (role == Qt::TextAlignmentRole && index.column() >= Elements)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (group) {
        if (role == SortRole) {
            switch (index.column()) {
            case Name:
                return group->block;
            case Elements:
                return QVariant::fromValue<qulonglong>(group->elements);
            case Bytes:
                return QVariant::fromValue<qulonglong>(group->bytes);
            case Offset:
                return QVariant::fromValue<qulonglong>(tensors_.at(group->tensors.first()).offset);
            default:
                return group->name;
            }
        }
        if (role == Qt::DisplayRole) {
            switch (index.column()) {
            case Name:
                return group->name;
            case Shape:
                return tr("%1 tensors").arg(group->tensors.size());
            case Elements:
                return formatCount(group->elements);
            case Bytes:
                return formatBytes(group->bytes);
            default:
                return {};
            }
        }
        return {};
    }
    const TensorEntry& t = tensors_.at(tensorIndex);
    if (role == SortRole) {
        switch (index.column()) {
        case Name:
            return t.name;
        case Shape:
            return QVariant::fromValue<qulonglong>(t.elements);
        case Type:
            return t.type;
        case Elements:
            return QVariant::fromValue<qulonglong>(t.elements);
        case Bytes:
            return QVariant::fromValue<qulonglong>(t.bytes);
        case Offset:
            return QVariant::fromValue<qulonglong>(t.offset);
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return index.internalId() == 0 ? t.name : t.name.section(QLatin1Char('.'), 2);
        case Shape:
            return t.shape;
        case Type:
            return t.type;
        case Elements:
            return formatCount(t.elements);
        case Bytes:
            return formatBytes(t.bytes);
        case Offset:
            return formatCount(t.offset);
        }
    }
    if (role == Qt::ToolTipRole) return tr("%1 · %2 bytes").arg(t.name, formatCount(t.bytes));
    return {};
}

QVariant TensorTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const names[] = {"Name", "Shape", "Type", "Elements", "Bytes", "Offset"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

} // namespace realm::ui
