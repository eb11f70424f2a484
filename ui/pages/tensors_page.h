#pragma once
#include "document/model_types.h"
#include "pages/page.h"

class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace realm::ui {

class ModelSession;
class TensorInspector;
class TensorTreeModel;

// The tensor tree (grouped by block, filterable, sortable) beside the inspector of the selected tensor.
class TensorsPage : public Page {
    Q_OBJECT
  public:
    explicit TensorsPage(QWidget* parent = nullptr);
    void setSession(ModelSession* session); // nullptr clears
    void selectTensor(int tensorIndex);
    TensorTreeModel* model() const { return model_; }
    TensorInspector* inspector() const { return inspector_; }
    QTreeView* tree() const { return tree_; }

  protected:
    void onDocumentChanged() override;

  private:
    TensorTreeModel* model_;
    QSortFilterProxyModel* proxy_;
    QTreeView* tree_;
    QLineEdit* filter_;
    TensorInspector* inspector_;
};

} // namespace realm::ui
