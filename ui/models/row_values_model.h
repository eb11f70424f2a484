#pragma once
#include <QAbstractTableModel>
#include <QVector>

namespace realm::ui {

// The values of one dequantized row, one per line: a view over the vector, so showing a
// 32000-value row costs nothing on the UI thread (a QTableWidget would build an item each).
class RowValuesModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    using QAbstractTableModel::QAbstractTableModel;
    void setValues(const QVector<float>& values);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    QVector<float> values_;
};

} // namespace realm::ui
