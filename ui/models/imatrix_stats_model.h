#pragma once
#include "document/imatrix_store.h"

#include <QAbstractTableModel>

#include <memory>

namespace realm::ui {

// One row per entry of an importance matrix with the figures realm-cli imatrix prints (those
// of llama-imatrix --show-statistics). SortRole gives the raw numbers.
class ImatrixStatsModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Tensor, Values, Matrices, Sum, Min, Max, Mean, Std, Active, Entropy, Zd, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };
    explicit ImatrixStatsModel(QObject* parent = nullptr);

    void setImatrix(std::shared_ptr<const LoadedImatrix> imatrix);
    int rowOf(const QString& tensor) const; // -1 when the matrix has no such entry

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  private:
    QVariant raw(int row, int column) const;
    std::shared_ptr<const LoadedImatrix> imatrix_;
};

} // namespace realm::ui
