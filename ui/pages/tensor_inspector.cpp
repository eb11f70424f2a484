#include "pages/tensor_inspector.h"

#include "document/imatrix_store.h"
#include "models/row_values_model.h"
#include "pages/quantize_preview.h"
#include "widgets/importance_view.h"

#include "document/model_session.h"
#include "document/save_file.h"
#include "text/explanations.h"
#include "text/format.h"
#include "widgets/chart_helpers.h"
#include "widgets/heatmap_widget.h"
#include "widgets/layout_helpers.h"
#include "widgets/progress_line.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>
#include <cstring>

namespace realm::ui {

TensorInspector::TensorInspector(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    title_ = new QLabel(tr("Select a tensor"));
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    title_->setFont(big);
    layout->addWidget(title_);
    statsLabel_ = new QLabel;
    statsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    connect(statsLabel_, &QLabel::linkActivated, this, &TensorInspector::computeStats);
    statsLabel_->setWordWrap(true);
    // Room for two lines of figures from the start: "Computing statistics…" is one line.
    statsLabel_->setMinimumHeight(2 * statsLabel_->fontMetrics().lineSpacing());
    statsLabel_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(statsLabel_);
    progress_ = new ProgressLine;
    progress_->setRange(0, 1000);
    progress_->setMaximumHeight(8);
    progress_->setTextVisible(false);
    keepSpaceWhenHidden(progress_); // the tabs below must not jump when it appears
    progress_->hide();
    layout->addWidget(progress_);
    errorLabel_ = new QLabel;
    errorLabel_->setWordWrap(true);
    // untranslated: a style sheet
    errorLabel_->setStyleSheet(QStringLiteral("color: #b2182b;"));
    errorLabel_->hide();
    layout->addWidget(errorLabel_);

    tabs_ = new QTabWidget;
    layout->addWidget(tabs_, 1);

    // Row viewer.
    auto* rowPage = new QWidget;
    auto* rowLayout = new QVBoxLayout(rowPage);
    auto* rowBar = new QHBoxLayout;
    rowBar->addWidget(new QLabel(tr("Row")));
    rowSpin_ = new QSpinBox;
    rowSpin_->setRange(0, 0);
    rowSpin_->setKeyboardTracking(false);
    rowBar->addWidget(rowSpin_);
    rowBar->addStretch();
    auto* copy = new QPushButton(tr("Copy"));
    auto* csv = new QPushButton(tr("Export CSV…"));
    auto* npy = new QPushButton(tr("Export .npy…"));
    rowBar->addWidget(copy);
    rowBar->addWidget(csv);
    rowBar->addWidget(npy);
    rowLayout->addLayout(rowBar);
    auto* rowSplit = new QSplitter(Qt::Horizontal);
    rowChart_ = makeChartView();
    rowChart_->setWhatsThis(explain::tensorRow());
    rowSeries_ = new QLineSeries;
    rowSeries_->setPen(QPen(QColor(33, 102, 172), 1));
    rowChart_->chart()->addSeries(rowSeries_);
    auto* ax = new QValueAxis;
    ax->setTitleText(tr("column"));
    ax->setLabelFormat(QStringLiteral("%d"));
    auto* ay = new QValueAxis;
    ay->setTitleText(tr("value"));
    ay->setLabelFormat(QStringLiteral("%.3g"));
    rowChart_->chart()->addAxis(ax, Qt::AlignBottom);
    rowChart_->chart()->addAxis(ay, Qt::AlignLeft);
    rowSeries_->attachAxis(ax);
    rowSeries_->attachAxis(ay);
    rowSplit->addWidget(rowChart_);
    valuesModel_ = new RowValuesModel(this);
    valuesTable_ = new QTableView;
    valuesTable_->setModel(valuesModel_);
    valuesTable_->horizontalHeader()->setStretchLastSection(true);
    valuesTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    valuesTable_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    valuesTable_->verticalHeader()->setDefaultSectionSize(20);
    valuesTable_->setMaximumWidth(220);
    rowSplit->addWidget(valuesTable_);
    rowSplit->setStretchFactor(0, 4);
    rowSplit->setStretchFactor(1, 1);
    rowLayout->addWidget(rowSplit, 1);
    tabs_->addTab(rowPage, tr("Row"));

    heatmap_ = new HeatmapWidget;
    heatmap_->setZoomable(true);
    heatmap_->setWhatsThis(explain::tensorHeatmap());
    heatmap_->setAxisTitles(tr("row"), tr("col"));
    tabs_->addTab(heatmap_, tr("Heatmap"));

    histogramChart_ = makeChartView();
    histogramChart_->setWhatsThis(explain::tensorHistogram());
    tabs_->addTab(histogramChart_, tr("Histogram"));

    auto* scalesPage = new QWidget;
    auto* scalesLayout = new QVBoxLayout(scalesPage);
    scalesNote_ = new QLabel;
    scalesNote_->setWordWrap(true);
    scalesLayout->addWidget(scalesNote_);
    scalesChart_ = makeChartView();
    scalesChart_->setWhatsThis(explain::blockScales());
    scalesLayout->addWidget(scalesChart_, 1);
    tabs_->addTab(scalesPage, tr("Blocks"));

    preview_ = new QuantizePreview;
    tabs_->addTab(preview_, tr("Quantize"));

    importance_ = new ImportanceView;
    tabs_->setTabVisible(tabs_->addTab(importance_, tr("Importance")), false);

    connect(rowSpin_, &QSpinBox::valueChanged, this, [this](int row) { selectRow(row); });
    connect(copy, &QPushButton::clicked, this, &TensorInspector::copyRow);
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export row as CSV"), {}, tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
    connect(npy, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export row as .npy"), {}, tr("NumPy (*.npy)"));
        if (!path.isEmpty()) exportNpy(path);
    });
    // The heatmap and the row viewer share the selection: a click on a pixel selects its row.
    connect(heatmap_, &HeatmapWidget::cellClicked, this, [this](qint64 row, qint64) {
        selectRow(row);
        tabs_->setCurrentIndex(0);
    });
    connect(heatmap_, &HeatmapWidget::regionRequested, this, &TensorInspector::requestHeatmap);
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tensor_ < 0 || !session_) return;
        if (tab == 1 && heatmap_->gridWidth() == 0) {
            const auto& t = session_->summary().tensors.at(tensor_);
            requestHeatmap(0, 0, t.rows, t.rowLength);
        }
        if (tab == 3) session_->requestBlockScales(tensor_);
    });
    connect(tabs_, &QTabWidget::currentChanged, preview_,
            [this](int) { preview_->setActive(tabs_->currentWidget() == preview_); });
}

void TensorInspector::setImatrix(ImatrixStore* store) {
    imatrix_ = store;
    preview_->setImatrix(store);
    if (!store) return;
    connect(store, &ImatrixStore::changed, this, &TensorInspector::showImportance);
    showImportance();
}

// The selected tensor's entry of the open importance matrix, with a warning when its size says
// it was made for another model.
void TensorInspector::showImportance() {
    const auto matrix = imatrix_ ? imatrix_->current() : nullptr;
    tabs_->setTabVisible(tabs_->indexOf(importance_), matrix != nullptr);
    if (!matrix) return;
    const QString file = QFileInfo(imatrix_->path()).fileName();
    if (tensor_ < 0 || !session_) {
        importance_->showMessage(tr("Select a tensor to see its entry in %1.").arg(file));
        return;
    }
    const TensorEntry& t = session_->summary().tensors.at(tensor_);
    const ImatrixEntry* e = matrix->matrix.find(t.name.toStdString());
    if (!e) {
        importance_->showMessage(
            tr("%1 has no entry for %2: llama-imatrix records the inputs of weight matrices only.")
                .arg(file, t.name));
        return;
    }
    QString note;
    if (e->rowLength() != t.rowLength || int64_t(e->counts.size()) != std::max<int64_t>(1, t.ne[2]))
        note = tr("The entry has %1 × %2 columns but this tensor's rows have %3 values (%4 matrices): the "
                  "matrix was "
                  "made for another model.")
                   .arg(e->counts.size())
                   .arg(e->rowLength())
                   .arg(t.rowLength)
                   .arg(std::max<int64_t>(1, t.ne[2]));
    importance_->showEntry(matrix, int(e - matrix->matrix.entries.data()), note);
}

QString TensorInspector::statsLabel() const {
    return statsLabel_->text();
}

void TensorInspector::setSession(ModelSession* session) {
    if (session_) disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    tensor_ = -1;
    preview_->setSession(session);
    showTensor(-1);
    if (!session_) return;
    connect(session_, &ModelSession::statsReady, this, &TensorInspector::onStats);
    connect(session_, &ModelSession::statsProgress, this,
            [this](double fraction) { progress_->setValueLater(int(fraction * 1000)); });
    connect(session_, &ModelSession::rowReady, this, &TensorInspector::onRow);
    connect(session_, &ModelSession::heatmapReady, this, &TensorInspector::onHeatmap);
    connect(session_, &ModelSession::blockScalesReady, this, &TensorInspector::onBlockScales);
    connect(session_, &ModelSession::jobFailed, this, [this](int tensor, const QString& error) {
        if (tensor != tensor_) return;
        errorLabel_->setText(error);
        errorLabel_->show();
        progress_->hide();
        heatmap_->setMessage(error);
    });
}

void TensorInspector::showTensor(int tensorIndex) {
    if (session_) session_->cancelTensorJobs();
    tensor_ = tensorIndex;
    statsShown_ = false;
    rowValues_.clear();
    rowSeries_->clear();
    valuesModel_->setValues({});
    heatmap_->clear();
    errorLabel_->hide();
    scalesNote_->clear();
    scalesChart_->chart()->removeAllSeries();
    histogramChart_->chart()->removeAllSeries();
    preview_->showTensor(session_ ? tensorIndex : -1);
    showImportance();
    if (tensorIndex < 0 || !session_) {
        title_->setText(tr("Select a tensor"));
        statsLabel_->clear();
        progress_->hide();
        return;
    }
    const TensorEntry& t = session_->summary().tensors.at(tensorIndex);
    title_->setText(
        QStringLiteral("%1  ·  %2  ·  %3  ·  %4").arg(t.name, t.shape, t.type, formatBytes(t.bytes)));
    if (!t.dequantizable) {
        statsLabel_->setText(
            tr("Type %1 cannot be converted to f32: no statistics or pictures.").arg(t.type));
        progress_->hide();
        return;
    }
    statsLabel_->setText(tr("Computing statistics…"));
    progress_->setValue(0);
    progress_->show();
    rowSpin_->blockSignals(true);
    rowSpin_->setRange(0, static_cast<int>(std::min<int64_t>(t.rows - 1, INT32_MAX)));
    rowSpin_->setValue(0);
    rowSpin_->blockSignals(false);
    row_ = 0;
    // Over HTTP, statistics fetch the whole tensor: a large one only when asked.
    if (session_->remote() && t.bytes > RemoteStatsWithoutAsking) {
        statsLabel_->setText(
            tr("Statistics read the whole tensor (%1) from the server: <a href=\"stats\">compute "
               "statistics</a>")
                .arg(formatBytes(t.bytes)));
        progress_->hide();
    } else {
        session_->requestStats(tensorIndex);
    }
    session_->requestRow(tensorIndex, 0);
    if (tabs_->currentIndex() == 1) requestHeatmap(0, 0, t.rows, t.rowLength);
    if (tabs_->currentIndex() == 3) session_->requestBlockScales(tensorIndex);
}

void TensorInspector::computeStats() {
    if (tensor_ < 0 || !session_) return;
    statsLabel_->setText(tr("Computing statistics…"));
    progress_->setValue(0);
    progress_->show();
    session_->requestStats(tensor_);
}

void TensorInspector::selectRow(int64_t row) {
    if (tensor_ < 0 || !session_) return;
    row_ = row;
    if (rowSpin_->value() != row) {
        rowSpin_->blockSignals(true);
        rowSpin_->setValue(static_cast<int>(row));
        rowSpin_->blockSignals(false);
    }
    session_->requestRow(tensor_, row);
}

void TensorInspector::requestHeatmap(int64_t row0, int64_t col0, int64_t rows, int64_t cols) {
    if (tensor_ < 0 || !session_) return;
    heatmap_->setMessage(
        tr("Pooling %1 × %2 values…").arg(formatCount(uint64_t(rows)), formatCount(uint64_t(cols))));
    const QRect plot = heatmap_->plotRect();
    session_->requestHeatmap(tensor_, row0, col0, rows, cols, std::max(64, plot.width()),
                             std::max(64, plot.height()));
}

void TensorInspector::onStats(const TensorStatsResult& r) {
    if (r.tensor != tensor_) return;
    progress_->hide();
    statsShown_ = true;
    statsLabel_->setText(tr("min %1 · max %2 · mean %3 · std %4 · abs-max %5 · zeros %6 · NaN %7 · Inf %8")
                             .arg(formatValue(r.min), formatValue(r.max), formatValue(r.mean),
                                  formatValue(r.std), formatValue(r.absMax), formatCount(r.zeros),
                                  formatCount(r.nan), formatCount(r.inf)));
    setHistogram(histogramChart_->chart(), r.histogram, r.min, r.max, tr("value"));
    Q_EMIT statsShownSignal(r.tensor);
}

void TensorInspector::onRow(const RowResult& r) {
    if (r.tensor != tensor_ || r.row != row_) return;
    rowValues_ = r.values;
    const float lo = r.lo, hi = r.hi;
    // Axes first, on an empty series, then the points once: each axis change re-lays out every
    // point of the series (QtCharts), so the old order cost three layouts of a long row.
    const auto axes = rowChart_->chart()->axes();
    rowSeries_->clear();
    axes.at(0)->setRange(0, std::max<qsizetype>(1, r.values.size() - 1));
    const float pad = (hi - lo) * 0.05f + 1e-6f;
    axes.at(1)->setRange(lo - pad, hi + pad);
    rowSeries_->replace(r.chart);
    valuesModel_->setValues(r.values);
    Q_EMIT rowShown(r.tensor, r.row);
}

void TensorInspector::onHeatmap(const HeatmapResult& r) {
    if (r.tensor != tensor_) return;
    heatmap_->setRegion(r.rows, r.cols, r.row0, r.col0, r.regionRows, r.regionCols);
    heatmap_->setData(r.cells, r.width, r.height, ColorScale::Diverging, r.absMax, r.image);
    Q_EMIT heatmapShown(r.tensor);
}

void TensorInspector::onBlockScales(const BlockScalesResult& r) {
    if (r.tensor != tensor_) return;
    if (!r.note.isEmpty()) {
        scalesNote_->setText(r.note);
        scalesChart_->chart()->removeAllSeries();
        return;
    }
    scalesNote_->setText(tr("Scale d of each of the %1 blocks: min %2, max %3")
                             .arg(formatCount(r.blocks), formatValue(r.min), formatValue(r.max)));
    setHistogram(scalesChart_->chart(), r.histogram, r.min, r.max, tr("block scale d"));
}

QString TensorInspector::errorText() const {
    return errorLabel_->isHidden() ? QString() : errorLabel_->text();
}

void TensorInspector::copyRow() const {
    QStringList parts;
    for (float v : rowValues_)
        parts.push_back(QString::number(v, 'g', 9));
    QApplication::clipboard()->setText(parts.join(QLatin1Char('\n')));
}

// Exports go through saveFileAtomically: a full disk or a crash leaves the old file or none,
// never half a file.
bool TensorInspector::exportCsv(const QString& path) const {
    QByteArray text("column,value\n");
    for (qsizetype i = 0; i < rowValues_.size(); ++i)
        text += QStringLiteral("%1,%2\n").arg(i).arg(double(rowValues_[i]), 0, 'g', 9).toUtf8();
    return saveFileAtomically(path, text);
}

bool TensorInspector::exportNpy(const QString& path) const {
    // NPY v1.0: magic, version, little-endian header length, a Python dict literal padded with
    // spaces and a newline so that the data starts at a multiple of 64 bytes.
    // untranslated: the .npy file header
    QByteArray header = QStringLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (%1,), }")
                            .arg(rowValues_.size())
                            .toLatin1();
    const int preamble = 10;
    const int total = ((preamble + header.size() + 1 + 63) / 64) * 64;
    header.append(QByteArray(total - preamble - header.size() - 1, ' '));
    header.append('\n');
    QByteArray bytes("\x93NUMPY", 6);
    bytes.append(char(1)).append(char(0)); // version 1.0
    const uint16_t len = static_cast<uint16_t>(header.size());
    bytes.append(char(len & 0xff)).append(char(len >> 8));
    bytes.append(header);
    bytes.append(reinterpret_cast<const char*>(rowValues_.constData()),
                 rowValues_.size() * qsizetype(sizeof(float)));
    return saveFileAtomically(path, bytes);
}

} // namespace realm::ui
