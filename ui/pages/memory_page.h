#pragma once
#include "jobs/memory_sampler.h"
#include "pages/page.h"

class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace realm::ui {

class MemorySampleModel;

// A live chart of RSS, mapped-resident, KV-cache and scratch bytes over the last two minutes,
// with event markers (model loaded, generation started/stopped).
class MemoryPage : public Page {
    Q_OBJECT
  public:
    explicit MemoryPage(MemorySampleModel* model, QWidget* parent = nullptr);
    void addEvent(const QString& label);
    int pointCount() const; // samples on the RSS line, for tests
    QChartView* chartView() const { return view_; }

  private:
    void onSample(const MemorySample& s);

    MemorySampleModel* model_;
    QChartView* view_;
    QLineSeries* rss_;
    QLineSeries* mapped_;
    QLineSeries* kv_;
    QLineSeries* scratch_;
    QValueAxis* x_;
    QValueAxis* y_;
    QLabel* current_;
    QList<QPair<double, QString>> events_;
    QList<QLineSeries*> markers_;
    double lastTime_ = 0;
};

} // namespace realm::ui
