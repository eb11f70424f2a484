#pragma once
#include "pages/page.h"

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace realm::ui {

class ImatrixStatsModel;
class ImatrixStore;
class ImportanceView;

// An importance matrix (llama-imatrix's GGUF or legacy .dat file): what it was made from, the
// statistics of every entry in a sortable table and the per-column importance of the selected
// one. The matrix lives in the window's ImatrixStore, so the tensor inspector shows the same.
class ImatrixPage : public Page {
    Q_OBJECT
  public:
    explicit ImatrixPage(ImatrixStore* store, QWidget* parent = nullptr);

    void askOpen();
    void selectEntry(const QString& tensor);
    ImatrixStatsModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    ImportanceView* importance() const { return importance_; }
    QString fileText() const;
    QString errorText() const; // the last failure, "" when none

  private:
    void onChanged();

    ImatrixStore* store_;
    QLabel* file_;
    QLabel* error_;
    QLineEdit* filter_;
    ImatrixStatsModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    ImportanceView* importance_;
};

} // namespace realm::ui
