#pragma once
#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

namespace realm::ui {

// The elements of one metadata array, filtered and fetched in pages so that a
// 150,000-entry vocabulary stays fluid.
class ArrayItemsModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Index, Value, ColumnCount };
    static constexpr int PageSize = 2000;
    using QAbstractTableModel::QAbstractTableModel;

    void setItems(const QStringList& items);
    void setFilter(const QString& text); // substring, case-insensitive; also matches the index
    int matchCount() const { return static_cast<int>(matches_.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

  private:
    void rebuild();
    QStringList items_;
    QString filter_;
    QVector<int> matches_;
    int fetched_ = 0;
    bool inserting_ = false;
};

} // namespace realm::ui
