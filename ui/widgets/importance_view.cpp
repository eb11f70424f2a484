#include "widgets/importance_view.h"

#include "text/format.h"
#include "widgets/chart_helpers.h"
#include "widgets/line_points.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace realm::ui {

namespace {
constexpr qsizetype ChartPoints = 2048;
}

ImportanceView::ImportanceView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    note_ = new QLabel;
    note_->setWordWrap(true);
    note_->hide();
    layout->addWidget(note_);
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setAlignment(Qt::AlignLeft | Qt::AlignTop); // a message alone stays at the top
    layout->addWidget(summary_);
    chart_ = makeChartView();
    chart_->setWhatsThis(
        tr("Importance of each input column of the weight matrix: the mean squared activation that "
           "column saw while llama-imatrix ran the model over its calibration text. Quantizing with the "
           "matrix (realm-cli quantize --imatrix) spends the precision of each block where these values "
           "are high. A few tall spikes are typical: some channels carry much larger activations."));
    series_ = new QLineSeries;
    series_->setPen(QPen(QColor(33, 102, 172), 1));
    chart_->chart()->addSeries(series_);
    auto* x = new QValueAxis;
    x->setTitleText(tr("input column"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto* y = new QValueAxis;
    y->setTitleText(tr("importance (mean act²)"));
    y->setLabelFormat(QStringLiteral("%.3g"));
    chart_->chart()->addAxis(x, Qt::AlignBottom);
    chart_->chart()->addAxis(y, Qt::AlignLeft);
    series_->attachAxis(x);
    series_->attachAxis(y);
    layout->addWidget(chart_, 1);
}

void ImportanceView::showEntry(const std::shared_ptr<const LoadedImatrix>& imatrix, int entry,
                               const QString& note) {
    const ImatrixEntry& e = imatrix->matrix.entries.at(size_t(entry));
    const ImatrixStats& s = imatrix->stats.at(size_t(entry));
    const std::vector<float> values = e.importance(imatrix->matrix.legacy);
    importance_ = QVector<float>(values.begin(), values.end());
    note_->setText(note);
    note_->setVisible(!note.isEmpty());
    QString matrices;
    if (e.counts.size() > 1)
        matrices = tr(" · %1 matrices of %2 columns").arg(e.counts.size()).arg(e.rowLength());
    summary_->setText(tr("%1: N %2%3 · Σ act² %4 · min %5 · max %6 · mean %7 · std %8 · active %9 % · "
                         "entropy %10 bits · ZD %11 %")
                          .arg(QString::fromStdString(e.name), formatCount(uint64_t(s.values)), matrices,
                               formatValue(s.sum), formatValue(s.min), formatValue(s.max),
                               formatValue(s.mean), formatValue(s.std),
                               QString::number(100 * s.active, 'f', 2))
                          .arg(s.entropy, 0, 'f', 4)
                          .arg(100 * s.zd, 0, 'f', 2));
    const auto axes = chart_->chart()->axes();
    series_->clear();
    float hi = 0;
    for (float v : values)
        hi = std::max(hi, v);
    axes.at(0)->setRange(0, double(std::max<qsizetype>(1, importance_.size() - 1)));
    axes.at(1)->setRange(0, double(hi) * 1.05 + 1e-12);
    series_->replace(linePoints(importance_.constData(), importance_.size(), ChartPoints));
    chart_->show();
}

void ImportanceView::showMessage(const QString& message) {
    importance_.clear();
    series_->clear();
    note_->hide();
    summary_->setText(message);
    chart_->hide();
}

QString ImportanceView::summaryText() const {
    return summary_->text();
}

QString ImportanceView::noteText() const {
    return note_->isHidden() ? QString() : note_->text();
}

} // namespace realm::ui
