#include "pages/memory_page.h"

#include "models/memory_sample_model.h"
#include "text/format.h"
#include "widgets/chart_helpers.h"

#include <QApplication>
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
constexpr double MiB = 1024.0 * 1024.0;
} // namespace

MemoryPage::MemoryPage(MemorySampleModel* model, QWidget* parent) : Page(parent), model_(model) {
    auto* layout = new QVBoxLayout(this);
    current_ = new QLabel;
    current_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(current_);
    view_ = makeChartView(QStringLiteral("Process memory (MiB), last 2 minutes"));
    QChart* chart = view_->chart();
    chart->legend()->show();
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setLabelColor(QApplication::palette().color(QPalette::WindowText));
    auto makeLine = [chart](const QString& name, const QColor& color, int width) {
        auto* s = new QLineSeries;
        s->setName(name);
        s->setPen(QPen(color, width));
        chart->addSeries(s);
        return s;
    };
    rss_ = makeLine(QStringLiteral("RSS"), QColor(40, 40, 40), 2);
    mapped_ = makeLine(QStringLiteral("model mapped & resident"), QColor(33, 102, 172), 2);
    kv_ = makeLine(QStringLiteral("KV cache"), QColor(178, 24, 43), 2);
    scratch_ = makeLine(QStringLiteral("activations / scratch"), QColor(230, 145, 30), 2);
    x_ = new QValueAxis;
    x_->setTitleText(QStringLiteral("seconds"));
    x_->setLabelFormat(QStringLiteral("%.0f"));
    y_ = new QValueAxis;
    y_->setTitleText(QStringLiteral("MiB"));
    y_->setLabelFormat(QStringLiteral("%.0f"));
    const QPalette pal = QApplication::palette();
    for (QValueAxis* a : {x_, y_}) {
        a->setLabelsBrush(pal.color(QPalette::WindowText));
        a->setTitleBrush(pal.color(QPalette::WindowText));
    }
    chart->addAxis(x_, Qt::AlignBottom);
    chart->addAxis(y_, Qt::AlignLeft);
    for (QLineSeries* s : {rss_, mapped_, kv_, scratch_}) {
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
    return static_cast<int>(rss_->count());
}

void MemoryPage::addEvent(const QString& label) {
    events_.append({lastTime_, label});
}

void MemoryPage::onSample(const MemorySample& s) {
    lastTime_ = s.seconds;
    rss_->append(s.seconds, double(s.rss) / MiB);
    mapped_->append(s.seconds, double(s.mappedResident) / MiB);
    kv_->append(s.seconds, double(s.kvCache) / MiB);
    scratch_->append(s.seconds, double(s.scratch) / MiB);
    // Keep ten minutes of points; the axis shows the last two.
    for (QLineSeries* line : {rss_, mapped_, kv_, scratch_})
        if (line->count() > 2400) line->removePoints(0, line->count() - 2400);
    const double lo = std::max(0.0, s.seconds - WindowSeconds);
    x_->setRange(lo, std::max(lo + 10, s.seconds));
    double top = 1;
    for (int i = 0; i < rss_->count(); ++i)
        if (rss_->at(i).x() >= lo) top = std::max(top, rss_->at(i).y());
    y_->setRange(0, top * 1.15);
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
        m->append(t, top * 1.15);
        m->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
        chart->addSeries(m);
        m->attachAxis(x_);
        m->attachAxis(y_);
        chart->legend()->markers(m).value(0)->setVisible(false);
        markers_.append(m);
    }
    current_->setText(
        QStringLiteral(
            "RSS <b>%1</b> · model mapped %2, resident <b>%3</b> · KV cache <b>%4</b> · scratch <b>%5</b>")
            .arg(formatBytes(s.rss), formatBytes(s.mapped), formatBytes(s.mappedResident),
                 formatBytes(s.kvCache), formatBytes(s.scratch)));
}

} // namespace realm::ui
