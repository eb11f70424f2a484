#include "pages/memory_page.h"

#include "document/model_document.h"
#include "models/memory_sample_model.h"
#include "text/explanations.h"
#include "text/format.h"
#include "widgets/chart_helpers.h"

#include <QApplication>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace realm::ui {

namespace {
constexpr double WindowSeconds = 120;
} // namespace

MemoryPage::MemoryPage(MemorySampleModel* model, QWidget* parent) : Page(parent), model_(model) {
    auto* layout = new QVBoxLayout(this);
    remote_ = new QLabel;
    remote_->setWordWrap(true);
    remote_->setFrameShape(QFrame::StyledPanel);
    remote_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    remote_->hide();
    layout->addWidget(remote_);
    current_ = new QLabel;
    current_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(current_);
    view_ = makeChartView(tr("Process memory, last 2 minutes"));
    view_->setWhatsThis(explain::memoryChart());
    view_->setToolTip(tr("Stacked bands: model resident, KV cache, scratch; line: process RSS"));
    QChart* chart = view_->chart();
    chart->legend()->show();
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(QApplication::palette().color(QPalette::WindowText));
    const struct {
        QString name;
        QColor color;
    } bands[] = {{tr("model mapped & resident"), QColor(33, 102, 172)},
                 {tr("KV cache"), QColor(214, 96, 77)},
                 {tr("activations / scratch"), QColor(240, 170, 50)}};
    QLineSeries* below = nullptr;
    for (const auto& band : bands) {
        auto* top = new QLineSeries(this);
        auto* area = new QAreaSeries(top, below);
        area->setName(band.name);
        QColor fill = band.color;
        fill.setAlpha(170);
        area->setBrush(fill);
        area->setPen(QPen(band.color, 1));
        chart->addSeries(area);
        tops_.append(top);
        bands_.append(area);
        below = top;
    }
    rss_ = new QLineSeries;
    rss_->setName(tr("RSS (whole process)"));
    rss_->setPen(QPen(QApplication::palette().color(QPalette::WindowText), 2));
    chart->addSeries(rss_);
    x_ = new QValueAxis;
    x_->setTitleText(tr("seconds"));
    x_->setLabelFormat(QStringLiteral("%.0f"));
    x_->setTickType(QValueAxis::TicksDynamic);
    x_->setTickAnchor(0);
    y_ = new QValueAxis;
    y_->setLabelFormat(QStringLiteral("%.4g"));
    chart->addAxis(x_, Qt::AlignBottom);
    chart->addAxis(y_, Qt::AlignLeft);
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(x_);
        s->attachAxis(y_);
    }
    layout->addWidget(view_, 1);
    connect(model_, &MemorySampleModel::marked, this, &MemoryPage::addEvent);
    // Feed from the model so the page and the status bar see the same samples.
    connect(model_, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int) { onSample(model_->samples().at(first)); });
}

int MemoryPage::pointCount() const {
    return stale_ ? static_cast<int>(shown_.size()) : static_cast<int>(rss_->count());
}

void MemoryPage::showEvent(QShowEvent* event) {
    Page::showEvent(event);
    if (stale_) redraw();
}

void MemoryPage::onDocumentChanged() {
    showRemoteChat(document() ? document()->remoteChat() : QString());
    if (document())
        connect(document(), &ModelDocument::remoteChatChanged, this, &MemoryPage::showRemoteChat,
                Qt::UniqueConnection);
}

void MemoryPage::showRemoteChat(const QString& where) {
    remote_->setVisible(!where.isEmpty());
    remote_->setText(where.isEmpty() ? QString()
                                     : tr("The chat's model runs elsewhere: <b>%1</b>. Its memory is the "
                                          "server's; this chart shows only this computer's process.")
                                           .arg(where.toHtmlEscaped()));
}

QString MemoryPage::remoteNote() const {
    return remote_->isVisible() || !remote_->text().isEmpty() ? remote_->text() : QString();
}

void MemoryPage::addEvent(const QString& label) {
    events_.append({lastTime_, label});
}

void MemoryPage::onSample(const MemorySample& s) {
    lastTime_ = s.seconds;
    shown_.append(s);
    const double lo = std::max(0.0, s.seconds - WindowSeconds);
    while (!shown_.isEmpty() && shown_.first().seconds < lo)
        shown_.removeFirst();
    if (isVisible())
        redraw();
    else
        stale_ = true;
    current_->setText(
        tr("RSS <b>%1</b> · model mapped %2, resident <b>%3</b> · KV cache <b>%4</b> · scratch <b>%5</b>")
            .arg(formatBytes(s.rss), formatBytes(s.mapped), formatBytes(s.mappedResident),
                 formatBytes(s.kvCache), formatBytes(s.scratch)));
}

void MemoryPage::redraw() {
    stale_ = false;
    double top = 1;
    for (const MemorySample& s : shown_)
        top = std::max({top, double(s.rss), double(s.mappedResident + s.kvCache + s.scratch)});
    // Every point is rewritten in the unit of the largest value, so a unit change needs nothing else.
    const ByteScale scale = byteScaleFor(top);
    QList<QPointF> rss, sums[3];
    for (const MemorySample& s : shown_) {
        rss.append({s.seconds, double(s.rss) / scale.divisor});
        double sum = 0;
        const uint64_t parts[3] = {s.mappedResident, s.kvCache, s.scratch};
        for (int b = 0; b < 3; ++b)
            sums[b].append({s.seconds, (sum += double(parts[b])) / scale.divisor});
    }
    rss_->replace(rss);
    for (int b = 0; b < 3; ++b)
        tops_[b]->replace(sums[b]);
    const double lo = std::max(0.0, lastTime_ - WindowSeconds);
    x_->setRange(lo, std::max(lo + 10, lastTime_));
    // Ticks on whole, round seconds (0, 20, 40 …) however far the window has moved.
    x_->setTickInterval(x_->max() - x_->min() > 60 ? 20 : x_->max() - x_->min() > 20 ? 5 : 2);
    y_->setRange(0, top * 1.15 / scale.divisor);
    y_->applyNiceNumbers();
    y_->setTitleText(scale.unit);
    // Event markers: vertical lines drawn as two-point series, redrawn to the current height.
    QChart* chart = view_->chart();
    for (QLineSeries* m : markers_) {
        chart->removeSeries(m);
        delete m;
    }
    markers_.clear();
    for (const auto& [t, label] : events_) {
        if (t < lo) continue;
        auto* m = new QLineSeries;
        m->setName(label);
        m->append(t, 0);
        m->append(t, y_->max());
        m->setPen(QPen(QApplication::palette().color(QPalette::Mid), 1, Qt::DashLine));
        chart->addSeries(m);
        m->attachAxis(x_);
        m->attachAxis(y_);
        chart->legend()->markers(m).value(0)->setVisible(false);
        markers_.append(m);
    }
}

} // namespace realm::ui
