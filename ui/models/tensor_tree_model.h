#pragma once
#include "document/model_types.h"

#include <QAbstractItemModel>

namespace realm::ui {

// Tensors grouped by block: blk.0 … blk.N (numeric order) as parents, the other tensors at the top level.
class TensorTreeModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Column { Name, Shape, Type, Elements, Bytes, Offset, ColumnCount };
    enum Role {
        TensorIndexRole = Qt::UserRole + 1, // index into ModelSummary::tensors, -1 for a group
        SortRole,                           // numbers for numeric columns
    };
    using QAbstractItemModel::QAbstractItemModel;

    void setTensors(const QList<TensorEntry>& tensors);
    int tensorCount() const { return static_cast<int>(tensors_.size()); }
    const TensorEntry& tensor(int index) const { return tensors_.at(index); }
    // The model index of the tensor at `tensorIndex` (column 0).
    QModelIndex indexOfTensor(int tensorIndex) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    struct Group {
        QString name;
        int block = -1;
        QVector<int> tensors;
        uint64_t elements = 0, bytes = 0;
    };
    struct TopItem {
        int group = -1;  // index into groups_, or -1
        int tensor = -1; // when not a group
    };
    QList<TensorEntry> tensors_;
    QList<Group> groups_;
    QList<TopItem> top_;
    QVector<int> groupTopRow_;
};

} // namespace realm::ui
