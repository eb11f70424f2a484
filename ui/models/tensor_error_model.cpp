#include "models/tensor_error_model.h"

#include <QStringList>

namespace realm::ui {

namespace {
QString shapeText(const TensorDifference& d) {
    QStringList dims;
    for (uint32_t i = 0; i < d.nDims; ++i)
        dims << QString::number(d.ne[i]);
    return QStringLiteral("[%1]").arg(dims.join(QStringLiteral(", ")));
}

double figure(const TensorDifference& d, int column) {
    switch (column) {
    case TensorErrorModel::Rmse:
        return d.rmse;
    case TensorErrorModel::MaxAbsError:
        return d.maxAbsError;
    case TensorErrorModel::Cosine:
        return d.cosine;
    case TensorErrorModel::RelativeError:
        return d.relativeError;
    default:
        return 0;
    }
}
} // namespace

TensorErrorModel::TensorErrorModel(QObject* parent) : QAbstractTableModel(parent) {}

void TensorErrorModel::setTensors(std::vector<TensorDifference> tensors) {
    beginResetModel();
    tensors_ = std::move(tensors);
    endResetModel();
}

int TensorErrorModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(tensors_.size());
}

int TensorErrorModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TensorErrorModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const TensorDifference& d = tensors_[size_t(index.row())];
    const int column = index.column();
    switch (column) {
    case Name:
        if (role == Qt::DisplayRole || role == SortRole) return QString::fromStdString(d.name);
        break;
    case Shape:
        if (role == Qt::DisplayRole) return shapeText(d);
        if (role == SortRole) return qlonglong(d.elements);
        break;
    case TypeReference:
    case TypeThis:
        if (role == Qt::DisplayRole || role == SortRole)
            return QString::fromLatin1(typeName(column == TypeReference ? d.typeA : d.typeB));
        break;
    default:
        if (role == SortRole) return figure(d, column);
        // Cosines near 1 differ in the far digits: show enough of them.
        if (role == Qt::DisplayRole) return QString::number(figure(d, column), 'g', column == Cosine ? 9 : 4);
        if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant TensorErrorModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TypeReference:
            return tr("The tensor's type in the reference file");
        case TypeThis:
            return tr("The tensor's type in the open file");
        case Rmse:
            return tr("Root mean square of (this − reference) over every element");
        case MaxAbsError:
            return tr("Largest |this − reference| of any element");
        case Cosine:
            return tr("Cosine similarity of the two tensors as vectors (1: same direction)");
        case RelativeError:
            return tr("‖this − reference‖ / ‖reference‖ (Euclidean norms)");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Name:
        return tr("Tensor");
    case Shape:
        return tr("Shape");
    case TypeReference:
        return tr("Reference type");
    case TypeThis:
        return tr("Type");
    case Rmse:
        return tr("RMSE");
    case MaxAbsError:
        return tr("Max |error|");
    case Cosine:
        return tr("Cosine");
    case RelativeError:
        return tr("Relative error");
    default:
        return {};
    }
}

} // namespace realm::ui
