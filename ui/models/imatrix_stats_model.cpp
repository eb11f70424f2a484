#include "models/imatrix_stats_model.h"

#include "text/format.h"

namespace realm::ui {

ImatrixStatsModel::ImatrixStatsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ImatrixStatsModel::setImatrix(std::shared_ptr<const LoadedImatrix> imatrix) {
    beginResetModel();
    imatrix_ = std::move(imatrix);
    endResetModel();
}

int ImatrixStatsModel::rowOf(const QString& tensor) const {
    if (!imatrix_) return -1;
    const std::string name = tensor.toStdString();
    for (size_t i = 0; i < imatrix_->matrix.entries.size(); ++i)
        if (imatrix_->matrix.entries[i].name == name) return int(i);
    return -1;
}

int ImatrixStatsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !imatrix_ ? 0 : int(imatrix_->matrix.entries.size());
}

int ImatrixStatsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImatrixStatsModel::raw(int row, int column) const {
    const ImatrixEntry& e = imatrix_->matrix.entries.at(size_t(row));
    const ImatrixStats& s = imatrix_->stats.at(size_t(row));
    switch (column) {
    case Tensor:
        return QString::fromStdString(e.name);
    case Values:
        return qlonglong(s.values);
    case Matrices:
        return qlonglong(e.counts.size());
    case Sum:
        return s.sum;
    case Min:
        return s.min;
    case Max:
        return s.max;
    case Mean:
        return s.mean;
    case Std:
        return s.std;
    case Active:
        return s.active;
    case Entropy:
        return s.entropy;
    case Zd:
        return s.zd;
    default:
        return {};
    }
}

QVariant ImatrixStatsModel::data(const QModelIndex& index, int role) const {
    if (!imatrix_ || !index.isValid()) return {};
    const QVariant v = raw(index.row(), index.column());
    if (role == SortRole) return v;
    if (role == Qt::TextAlignmentRole)
        return index.column() == Tensor ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Tensor:
        return v;
    case Values:
    case Matrices:
        return formatCount(uint64_t(v.toLongLong()));
    case Active:
    case Zd:
        return QString::number(100 * v.toDouble(), 'f', 2); // percent, as llama-imatrix prints them
    case Entropy:
        return QString::number(v.toDouble(), 'f', 4);
    default:
        return formatValue(v.toDouble());
    }
}

QVariant ImatrixStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Values:
            return tr("Columns counted: the input width times the matrices that saw activations");
        case Matrices:
            return tr("Matrices of the entry (experts of an MoE tensor)");
        case Sum:
            return tr("Sum of the mean squared activation of every column");
        case Active:
            return tr("Columns whose importance is above 1e-5");
        case Entropy:
            return tr("Entropy in bits of the columns' shares of the sum: high when importance is spread");
        case Zd:
            return tr("Columns more than one standard deviation above the mean");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Tensor:
        return tr("Tensor");
    case Values:
        return tr("N");
    case Matrices:
        return tr("Matrices");
    case Sum:
        return tr("Σ act²");
    case Min:
        return tr("Min");
    case Max:
        return tr("Max");
    case Mean:
        return tr("Mean");
    case Std:
        return tr("Std");
    case Active:
        return tr("Active %");
    case Entropy:
        return tr("Entropy");
    case Zd:
        return tr("ZD %");
    default:
        return {};
    }
}

} // namespace realm::ui
