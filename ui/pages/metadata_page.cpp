#include "pages/metadata_page.h"

#include "document/model_document.h"
#include "jobs/next_turn.h"
#include "models/array_items_model.h"
#include "models/metadata_model.h"
#include "text/format.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace realm::ui {

MetadataPage::MetadataPage(QWidget* parent) : Page(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* split = new QSplitter(Qt::Horizontal);
    layout->addWidget(split);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter keys and values…"));
    filter_->setClearButtonEnabled(true);
    leftLayout->addWidget(filter_);
    model_ = new MetadataModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    table_ = new QTableView;
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(22);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    leftLayout->addWidget(table_);
    split->addWidget(left);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    detailTitle_ = new QLabel(tr("Select an array or a long string to see all of it."));
    detailTitle_->setWordWrap(true);
    rightLayout->addWidget(detailTitle_);
    detail_ = new QStackedWidget;
    auto* arrayBox = new QWidget;
    auto* arrayLayout = new QVBoxLayout(arrayBox);
    arrayLayout->setContentsMargins(0, 0, 0, 0);
    arrayFilter_ = new QLineEdit;
    arrayFilter_->setPlaceholderText(tr("Filter items (text or index)…"));
    arrayFilter_->setClearButtonEnabled(true);
    arrayLayout->addWidget(arrayFilter_);
    arrayCount_ = new QLabel;
    arrayLayout->addWidget(arrayCount_);
    arrayModel_ = new ArrayItemsModel(this);
    auto* arrayView = new QTableView;
    arrayView->setModel(arrayModel_);
    arrayView->verticalHeader()->hide();
    arrayView->verticalHeader()->setDefaultSectionSize(20);
    arrayView->horizontalHeader()->setStretchLastSection(true);
    arrayLayout->addWidget(arrayView);
    detail_->addWidget(arrayBox);
    text_ = new QPlainTextEdit;
    text_->setReadOnly(true);
    text_->setFont(QFont(QStringLiteral("monospace")));
    detail_->addWidget(text_);
    rightLayout->addWidget(detail_, 1);
    detail_->hide();
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(arrayFilter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        arrayModel_->setFilter(text);
        arrayCount_->setText(tr("%1 matching items").arg(formatCount(uint64_t(arrayModel_->matchCount()))));
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) openEntry(proxy_->mapToSource(current).row());
            });
}

void MetadataPage::setEntries(const QList<MetadataEntry>& entries) {
    model_->setEntries(entries);
    table_->resizeColumnToContents(MetadataModel::Key);
    table_->resizeColumnToContents(MetadataModel::Type);
    arrayModel_->setItems({});
    detail_->hide();
}

void MetadataPage::openEntry(int row) {
    const MetadataEntry& e = model_->entry(row);
    if (e.isArray) {
        detailTitle_->setText(
            tr("<b>%1</b> · %2 · %3 items").arg(e.key, e.type, formatCount(uint64_t(e.items.size()))));
        arrayFilter_->clear();
        arrayModel_->setItems(e.items);
        arrayCount_->setText(tr("%1 items").arg(formatCount(uint64_t(e.items.size()))));
        detail_->setCurrentIndex(0);
        detail_->show();
    } else if (e.type == QStringLiteral("string") &&
               (e.fullText.size() > 60 || e.fullText.contains(QLatin1Char('\n')))) {
        detailTitle_->setText(tr("<b>%1</b> · %2 characters").arg(e.key).arg(e.fullText.size()));
        text_->setPlainText(e.fullText);
        detail_->setCurrentIndex(1);
        detail_->show();
    } else {
        detailTitle_->setText(QStringLiteral("<b>%1</b> = %2").arg(e.key, e.value.toHtmlEscaped()));
        detail_->hide();
    }
}

void MetadataPage::onDocumentChanged() {
    if (!document()) {
        setEntries({});
        return;
    }
    runNextTurn(this, [this, doc = QPointer<ModelDocument>(document())] {
        if (doc && doc == document()) setEntries(doc->summary().metadata);
    });
}

} // namespace realm::ui
