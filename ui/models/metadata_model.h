#pragma once
#include "document/model_types.h"

#include <QAbstractTableModel>

namespace realm::ui {

// Every metadata key of the open model: key, type, value.
class MetadataModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Key, Type, Value, ColumnCount };
    enum Role { EntryIndexRole = Qt::UserRole + 1 };
    using QAbstractTableModel::QAbstractTableModel;

    void setEntries(const QList<MetadataEntry>& entries);
    const MetadataEntry& entry(int row) const { return entries_.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    QList<MetadataEntry> entries_;
};

} // namespace realm::ui
