#include "pages/tensors_page.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "models/tensor_tree_model.h"
#include "pages/tensor_inspector.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace realm::ui {

TensorsPage::TensorsPage(QWidget* parent) : Page(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* split = new QSplitter(Qt::Horizontal);
    layout->addWidget(split);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter tensors (e.g. attn_q, blk.3, ffn)…"));
    filter_->setClearButtonEnabled(true);
    leftLayout->addWidget(filter_);
    model_ = new TensorTreeModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(TensorTreeModel::SortRole);
    proxy_->setFilterRole(TensorTreeModel::SortRole); // full tensor names, also for children shown short
    proxy_->setFilterKeyColumn(TensorTreeModel::Name);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setRecursiveFilteringEnabled(true);
    tree_ = new QTreeView;
    tree_->setModel(proxy_);
    tree_->setSortingEnabled(true);
    // Unsorted until the user clicks a header: blk.0 … blk.N, then the rest, as the model lists them.
    tree_->header()->setSortIndicator(-1, Qt::AscendingOrder);
    tree_->setUniformRowHeights(true);
    tree_->setAlternatingRowColors(true);
    tree_->header()->setStretchLastSection(false);
    leftLayout->addWidget(tree_);
    split->addWidget(left);
    inspector_ = new TensorInspector;
    split->addWidget(inspector_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->setFilterFixedString(text);
        if (!text.isEmpty()) tree_->expandAll();
    });
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                const int t = current.isValid() ? current.data(TensorTreeModel::TensorIndexRole).toInt() : -1;
                if (t >= 0 && t != inspector_->currentTensor()) inspector_->showTensor(t);
            });
}

void TensorsPage::setSession(ModelSession* session) {
    model_->setTensors(session ? session->summary().tensors : QList<TensorEntry>{});
    inspector_->setSession(session);
    if (!session) return;
    for (int c = 0; c < TensorTreeModel::ColumnCount; ++c)
        tree_->resizeColumnToContents(c);
    tree_->setColumnWidth(TensorTreeModel::Name, std::max(tree_->columnWidth(TensorTreeModel::Name), 140));
}

void TensorsPage::selectTensor(int tensorIndex) {
    const QModelIndex source = model_->indexOfTensor(tensorIndex);
    if (!source.isValid()) return;
    const QModelIndex index = proxy_->mapFromSource(source);
    tree_->expand(index.parent());
    tree_->setCurrentIndex(index);
    tree_->scrollTo(index);
}

void TensorsPage::onDocumentChanged() {
    setSession(document() ? document()->session() : nullptr);
}

} // namespace realm::ui
