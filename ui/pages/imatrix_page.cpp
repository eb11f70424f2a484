#include "pages/imatrix_page.h"

#include "document/imatrix_store.h"
#include "models/imatrix_stats_model.h"
#include "widgets/importance_view.h"
#include "widgets/row_table.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace realm::ui {

ImatrixPage::ImatrixPage(ImatrixStore* store, QWidget* parent) : Page(parent), store_(store) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    file_ = new QLabel;
    file_->setWordWrap(true);
    file_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* open = new QPushButton(tr("Open Importance Matrix…"));
    bar->addWidget(file_, 1);
    bar->addWidget(open);
    layout->addLayout(bar);
    error_ = new QLabel;
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // untranslated: a style sheet
    error_->setStyleSheet(QStringLiteral("color: #b2182b;"));
    error_->hide();
    layout->addWidget(error_);

    auto* split = new QSplitter(Qt::Horizontal);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter entries (e.g. ffn_down, blk.3)…"));
    filter_->setClearButtonEnabled(true);
    leftLayout->addWidget(filter_);
    model_ = new ImatrixStatsModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ImatrixStatsModel::SortRole);
    proxy_->setFilterKeyColumn(ImatrixStatsModel::Tensor);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    table_ = makeSortableRowTable(proxy_, QStringLiteral("imatrixTable")); // the name keeps its sort order
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->setAlternatingRowColors(true);
    leftLayout->addWidget(table_);
    split->addWidget(left);
    importance_ = new ImportanceView;
    importance_->showMessage(tr("Select an entry to see the importance of each of its input columns."));
    split->addWidget(importance_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(open, &QPushButton::clicked, this, &ImatrixPage::askOpen);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid() || !store_->current()) return;
                importance_->showEntry(store_->current(), proxy_->mapToSource(current).row());
            });
    connect(store_, &ImatrixStore::changed, this, &ImatrixPage::onChanged);
    connect(store_, &ImatrixStore::failed, this, [this](const QString& path, const QString& error) {
        error_->setText(store_->current() ? tr("%1 was not opened; still showing %2 · %3")
                                                .arg(QFileInfo(path).fileName(),
                                                     QFileInfo(store_->path()).fileName(), error)
                                          : error);
        error_->show();
    });
    connect(store_, &ImatrixStore::loadingChanged, this, [this](bool loading) {
        if (loading)
            file_->setText(tr("Reading the importance matrix…"));
        else if (!store_->current())
            onChanged();
    });
    onChanged();
}

void ImatrixPage::askOpen() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open importance matrix"),
        QFileInfo(QSettings().value(QStringLiteral("imatrix/lastFile")).toString()).absolutePath(),
        tr("Importance matrices (*.gguf *.dat *.imatrix);;All files (*)"));
    if (!path.isEmpty()) store_->open(path);
}

void ImatrixPage::selectEntry(const QString& tensor) {
    const int row = model_->rowOf(tensor);
    if (row < 0) return;
    table_->setCurrentIndex(proxy_->mapFromSource(model_->index(row, 0)));
}

QString ImatrixPage::fileText() const {
    return file_->text();
}

QString ImatrixPage::errorText() const {
    return error_->isHidden() ? QString() : error_->text();
}

void ImatrixPage::onChanged() {
    const auto m = store_->current();
    model_->setImatrix(m);
    if (!m) {
        file_->setText(
            tr("No importance matrix open. llama-imatrix writes one (GGUF, or the legacy .dat) from a "
               "model run over a calibration text; realm-cli quantize --imatrix uses it."));
        importance_->showMessage(tr("Open an importance matrix to see its entries."));
        return;
    }
    error_->hide();
    QStringList made;
    if (m->matrix.chunkCount > 0)
        made << tr("%1 chunks of %2 tokens").arg(m->matrix.chunkCount).arg(m->matrix.chunkSize);
    for (const std::string& d : m->matrix.datasets)
        made << tr("dataset %1").arg(QString::fromStdString(d));
    file_->setText(
        tr("%1 · %2 format · %3 entries%4")
            .arg(store_->path(), m->matrix.legacy ? tr("legacy .dat") : tr("GGUF"))
            .arg(m->matrix.entries.size())
            .arg(made.isEmpty() ? QString() : QStringLiteral(" · ") + made.join(QStringLiteral(" · "))));
    table_->resizeColumnsToContents();
    if (model_->rowCount() > 0) table_->setCurrentIndex(proxy_->index(0, 0));
}

} // namespace realm::ui
