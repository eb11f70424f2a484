#include "models/logit_lens_model.h"

#include "widgets/colormap.h"

namespace realm::ui {

LogitLensModel::LogitLensModel(QObject* parent) : QAbstractTableModel(parent) {}

void LogitLensModel::reset(int layers, const QStringList& positions) {
    beginResetModel();
    rows_ = positions.isEmpty() ? 0 : layers + 1;
    positions_ = positions;
    cells_ = QVector<Cell>(qsizetype(rows_) * positions.size());
    filled_ = 0;
    endResetModel();
}

void LogitLensModel::setStep(const LayerStep& step) {
    const int row = step.stage;
    const int cols = int(positions_.size());
    if (row < 0 || row >= rows_ || step.lensIds.size() != cols || !step.error.isEmpty()) return;
    bool wasEmpty = cells_[qsizetype(row) * cols].probability < 0;
    for (int c = 0; c < cols; ++c) {
        Cell& cell = cells_[qsizetype(row) * cols + c];
        cell.id = step.lensIds.at(c);
        cell.probability = step.lensProbs.at(c);
        cell.piece = step.lensPieces.at(c);
    }
    if (wasEmpty) ++filled_;
    Q_EMIT dataChanged(index(row, 0), index(row, cols - 1));
}

QString LogitLensModel::piece(int row, int col) const {
    return cells_.at(qsizetype(row) * positions_.size() + col).piece;
}
float LogitLensModel::probability(int row, int col) const {
    return cells_.at(qsizetype(row) * positions_.size() + col).probability;
}
int LogitLensModel::tokenId(int row, int col) const {
    return cells_.at(qsizetype(row) * positions_.size() + col).id;
}

int LogitLensModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : rows_;
}
int LogitLensModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(positions_.size());
}

QVariant LogitLensModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Cell& cell = cells_.at(qsizetype(index.row()) * positions_.size() + index.column());
    if (cell.probability < 0) return {};
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 %2%").arg(cell.piece).arg(qRound(cell.probability * 100));
    case Qt::ToolTipRole:
        return tr("%1 after %2: top token %3 (id %4), p = %5")
            .arg(positions_.at(index.column()), headerData(index.row(), Qt::Vertical).toString(), cell.piece)
            .arg(cell.id)
            .arg(cell.probability, 0, 'f', 4);
    case Qt::BackgroundRole:
        return sequentialColor(cell.probability);
    case Qt::ForegroundRole:
        return textColorOn(sequentialColor(cell.probability));
    case ProbabilityRole:
        return cell.probability;
    case TokenIdRole:
        return cell.id;
    default:
        return {};
    }
}

QVariant LogitLensModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < positions_.size() ? QVariant(positions_.at(section)) : QVariant();
    if (section < 0 || section >= rows_) return {};
    return section == 0 ? QStringLiteral("embed") : tr("layer %1").arg(section - 1);
}

} // namespace realm::ui
