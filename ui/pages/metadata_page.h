#pragma once
#include "document/model_types.h"
#include "pages/page.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace realm::ui {

class ArrayItemsModel;
class MetadataModel;

// Every metadata key; arrays open in a paged, filterable list and long strings in a text view, beside the
// table.
class MetadataPage : public Page {
    Q_OBJECT
  public:
    explicit MetadataPage(QWidget* parent = nullptr);
    void setEntries(const QList<MetadataEntry>& entries);
    void openEntry(int row); // row of the source model
    MetadataModel* model() const { return model_; }
    ArrayItemsModel* arrayModel() const { return arrayModel_; }
    QTableView* table() const { return table_; }

  protected:
    void onDocumentChanged() override;

  private:
    MetadataModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLineEdit* filter_;
    QStackedWidget* detail_;
    QLabel* detailTitle_;
    ArrayItemsModel* arrayModel_;
    QLineEdit* arrayFilter_;
    QLabel* arrayCount_;
    QPlainTextEdit* text_;
};

} // namespace realm::ui
