#include "pages/compare_page.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "models/tensor_error_model.h"
#include "widgets/chart_helpers.h"
#include "widgets/heatmap_widget.h"
#include "widgets/job_status_row.h"
#include "widgets/reference_picker.h"
#include "widgets/row_table.h"

#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineSeries>
#include <QMap>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace realm::ui {

namespace {
constexpr int MapSize = 256; // cells per side of the error heatmap
constexpr int RowChartPoints = 2048;

QValueAxis* valueAxis(const QString& title, const QString& format) {
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(format);
    return axis;
}

// The row chart's points: every row, or the largest of each bucket when there are many.
QList<QPointF> rowPoints(const std::vector<float>& rows) {
    QList<QPointF> points;
    const size_t n = rows.size(), step = std::max<size_t>(1, (n + RowChartPoints - 1) / RowChartPoints);
    for (size_t b = 0; b < n; b += step) {
        size_t best = b;
        for (size_t i = b + 1; i < std::min(n, b + step); ++i)
            if (rows[i] > rows[best]) best = i;
        points.append(QPointF(double(best), double(rows[best])));
    }
    return points;
}
} // namespace

ComparePage::ComparePage(QWidget* parent)
    : ReferencePage(tr("Compare"), tr("Compare every tensor with the reference's (Ctrl+Return)"), parent) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(picker(), 1);
    top->addWidget(runButton());
    top->addWidget(cancelButton());
    layout->addLayout(top);
    layout->addWidget(status());

    model_ = new TensorErrorModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(TensorErrorModel::SortRole);
    table_ = makeSortableRowTable(proxy_, QStringLiteral("compareTable")); // the name keeps its sort order
    table_->verticalHeader()->setDefaultSectionSize(20);
    table_->horizontalHeader()->setSectionResizeMode(TensorErrorModel::Name, QHeaderView::Stretch);
    table_->setWhatsThis(tr("Every tensor of the open file against the reference file's tensor of the same "
                            "name. Click a header to sort; select a tensor to see where its error lies."));

    layerChart_ = makeChartView(tr("Relative error per layer"));
    layerChart_->setWhatsThis(tr("For each kind of tensor, its relative error ‖this − reference‖ / "
                                 "‖reference‖ in every layer. Kinds stored identically in both files "
                                 "(zero error everywhere) are left out."));
    heatmap_ = new HeatmapWidget;
    heatmap_->setAxisTitles(tr("row"), tr("column"));
    heatmap_->setMessage(tr("Select a tensor"));
    heatmap_->setWhatsThis(tr("The selected tensor's error |this − reference|: each cell is the root mean "
                              "square of the error over the rows and columns it covers."));
    rowChart_ = makeChartView(tr("RMSE per row"));
    rowChart_->setWhatsThis(tr("The selected tensor's RMSE of every row (the largest of each group of rows "
                               "when there are more rows than points)."));
    rowSeries_ = new QLineSeries;
    rowChart_->chart()->addSeries(rowSeries_);
    rowChart_->chart()->legend()->hide();
    auto* rx = valueAxis(tr("row"), QStringLiteral("%.0f"));
    auto* ry = valueAxis(tr("RMSE"), QStringLiteral("%.3g"));
    rowChart_->chart()->addAxis(rx, Qt::AlignBottom);
    rowChart_->chart()->addAxis(ry, Qt::AlignLeft);
    rowSeries_->attachAxis(rx);
    rowSeries_->attachAxis(ry);

    auto* below = new QSplitter(Qt::Horizontal);
    below->addWidget(layerChart_);
    below->addWidget(heatmap_);
    below->addWidget(rowChart_);
    below->setSizes({420, 360, 360});
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(table_);
    split->addWidget(below);
    split->setSizes({300, 300});
    layout->addWidget(split, 1);

    // Picking a file is asking for the comparison (ReferencePage has made it the reference).
    connect(picker(), &ReferencePicker::picked, this, &ComparePage::run);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { requestDetail(current); });
    clearResults(tr("Open a reference file to measure the open model against"));
}

void ComparePage::reset(const QString& hint) {
    detailJob_.reset();
    reference_.reset();
    clearResults(hint);
}

void ComparePage::run() {
    if (!canRun()) return;
    const QString path = picker()->path();
    clearResults(tr("Comparing…"));
    status()->showStatus(tr("Comparing every tensor with %1…").arg(path));
    std::shared_ptr<const GgufFile> test = document()->session()->file();
    began(jobs()->run(
        jobSpec(QStringLiteral("compare-files")), this,
        [path, test](const JobControl& control) { return compareWithReference(path, *test, control); },
        [this](FileComparisonResult r) { onCompared(std::move(r)); },
        [this](const QString& e) { onFailed(e); }, showProgress()));
}

void ComparePage::cancelMore() {
    if (detailJob_) detailJob_->cancel();
}

void ComparePage::onFailed(const QString& error) {
    ended();
    clearResults(tr("No comparison"));
    status()->showError(tr("Cannot compare: %1").arg(error));
    Q_EMIT resultShown();
}

void ComparePage::onCompared(FileComparisonResult r) {
    ended();
    reference_ = r.reference;
    const size_t done = r.tensors.size();
    model_->setTensors(std::move(r.tensors));
    table_->resizeColumnsToContents();
    if (r.cancelled)
        status()->showStatus(tr("Cancelled after %1 s: the tensors compared so far (%2) are shown")
                                 .arg(r.seconds, 0, 'f', 1)
                                 .arg(done));
    else
        status()->showStatus(tr("Tensors compared: %1 · reference %2 · %3 s")
                                 .arg(done)
                                 .arg(picker()->path())
                                 .arg(r.seconds, 0, 'f', 1));
    showLayerChart();
    heatmap_->setMessage(tr("Select a tensor"));
    Q_EMIT resultShown();
}

void ComparePage::showLayerChart() {
    QChart* chart = layerChart_->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis), delete axis;
    // untranslated: a pattern of tensor names
    static const QRegularExpression layerName(QStringLiteral("^blk\\.(\\d+)\\.(.+)$"));
    QMap<QString, QList<QPointF>> kinds; // "attn_q.weight" → (layer, relative error)
    QMap<QString, bool> changed;
    double top = 0;
    int lastLayer = 0;
    for (const TensorDifference& d : model_->tensors()) {
        const QRegularExpressionMatch m = layerName.match(QString::fromStdString(d.name));
        if (!m.hasMatch()) continue;
        const int layer = m.captured(1).toInt();
        kinds[m.captured(2)].append(QPointF(layer, d.relativeError));
        changed[m.captured(2)] |= d.relativeError > 0;
        if (std::isfinite(d.relativeError)) top = std::max(top, d.relativeError);
        lastLayer = std::max(lastLayer, layer);
    }
    auto* ax = valueAxis(tr("layer"), QStringLiteral("%.0f"));
    auto* ay = valueAxis(tr("relative error"), QStringLiteral("%.3g"));
    ax->setRange(0, std::max(1, lastLayer));
    // A tick on whole layers: every one of a short model, an even share of a deep one.
    ax->setTickCount(lastLayer <= 8 ? std::max(2, lastLayer + 1) : 9);
    ay->setRange(0, top > 0 ? top * 1.05 : 1);
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    for (auto it = kinds.begin(); it != kinds.end(); ++it) {
        if (!changed.value(it.key())) continue;
        auto* series = new QLineSeries;
        series->setName(it.key());
        series->setPointsVisible(true);
        series->replace(it.value());
        chart->addSeries(series);
        series->attachAxis(ax);
        series->attachAxis(ay);
    }
    chart->legend()->setVisible(!chart->series().isEmpty());
    chart->legend()->setAlignment(Qt::AlignRight);
}

void ComparePage::selectTensor(const QString& name) {
    for (int r = 0; r < proxy_->rowCount(); ++r)
        if (proxy_->index(r, TensorErrorModel::Name).data(TensorErrorModel::SortRole).toString() == name) {
            table_->selectRow(r);
            table_->setCurrentIndex(proxy_->index(r, TensorErrorModel::Name));
            return;
        }
}

void ComparePage::requestDetail(const QModelIndex& proxyIndex) {
    if (!proxyIndex.isValid() || !reference_ || !document()) return;
    const QModelIndex source = proxy_->mapToSource(proxyIndex);
    const std::string name = model_->tensors().at(size_t(source.row())).name;
    heatmap_->setMessage(tr("Computing %1…").arg(QString::fromStdString(name)));
    JobSpec spec;
    spec.priority = JobPriority::Interactive;
    spec.replaces = QStringLiteral("compare-detail");
    std::shared_ptr<const GgufFile> reference = reference_, test = document()->session()->file();
    detailJob_ = document()->session()->jobs()->run(
        spec, this,
        [reference, test, name](const JobControl& control) {
            return tensorErrorDetail(*reference, *test, name, MapSize, MapSize, control);
        },
        [this](TensorErrorDetail d) { onDetail(std::move(d)); },
        [this](const QString& e) {
            heatmap_->setMessage({});
            status()->showError(e);
        });
}

void ComparePage::onDetail(TensorErrorDetail d) {
    detailJob_.reset();
    detail_ = std::move(d);
    const TensorErrorMap& m = detail_.map;
    heatmap_->setMessage({});
    heatmap_->setRegion(m.rows, m.cols, 0, 0, m.rows, m.cols);
    heatmap_->setData(QVector<float>(m.cells.begin(), m.cells.end()), m.width, m.height,
                      ColorScale::Sequential, m.max > 0 ? m.max : 1.0);
    heatmap_->setToolTip(
        tr("%1: RMS error per cell, up to %2").arg(detail_.name).arg(double(m.max), 0, 'g', 4));
    const QList<QPointF> points = rowPoints(detail_.rowRmse);
    double top = 0;
    for (const QPointF& p : points)
        top = std::max(top, p.y());
    const QList<QAbstractAxis*> axes = rowChart_->chart()->axes();
    axes.at(0)->setRange(0, std::max<double>(1, double(detail_.rowRmse.size()) - 1));
    axes.at(1)->setRange(0, top > 0 ? top * 1.05 : 1);
    rowSeries_->replace(points);
    rowChart_->chart()->setTitle(tr("RMSE per row of %1").arg(detail_.name));
    Q_EMIT detailShown();
}

void ComparePage::clearResults(const QString& message) {
    model_->setTensors({});
    detail_ = {};
    layerChart_->chart()->removeAllSeries();
    heatmap_->clear();
    heatmap_->setMessage(message);
    rowSeries_->clear();
    rowChart_->chart()->setTitle(tr("RMSE per row"));
}

} // namespace realm::ui
