#pragma once
#include "quantlab/tensor_compare.h"

#include <QAbstractTableModel>

#include <vector>

namespace realm::ui {

// Every tensor of a comparison, one row each: both types and the core's error figures.
// SortRole gives the numbers themselves, for sorting and for tests.
class TensorErrorModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        Name,
        Shape,
        TypeReference,
        TypeThis,
        Rmse,
        MaxAbsError,
        Cosine,
        RelativeError,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1 };
    explicit TensorErrorModel(QObject* parent = nullptr);

    void setTensors(std::vector<TensorDifference> tensors);
    const std::vector<TensorDifference>& tensors() const { return tensors_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  private:
    std::vector<TensorDifference> tensors_;
};

} // namespace realm::ui
