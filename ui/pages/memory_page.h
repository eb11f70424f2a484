#pragma once
#include "jobs/memory_sampler.h"
#include "pages/page.h"

class QAreaSeries;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace realm::ui {

class MemorySampleModel;

// A live chart of the last two minutes: the model's resident mapped bytes, the KV cache and the
// scratch buffers as stacked areas (each band's height is its own size, so the small ones stay
// visible on top of a multi-GiB model), RSS as a line over them, and event markers (model
// loaded, generation started/stopped). The unit follows the largest value shown.
class MemoryPage : public Page {
    Q_OBJECT
  public:
    explicit MemoryPage(MemorySampleModel* model, QWidget* parent = nullptr);
    void addEvent(const QString& label);
    // Samples on the RSS line (the ones it will show, while hidden: it is drawn when shown).
    int pointCount() const;
    QChartView* chartView() const { return view_; }
    QValueAxis* valueAxis() const { return y_; }
    // The stacked bands, bottom up: mapped & resident, KV cache, scratch.
    QList<QAreaSeries*> bands() const { return bands_; }
    // The note shown while the chat's model runs on a server ("" when it runs here).
    QString remoteNote() const;

  protected:
    void showEvent(QShowEvent* event) override;
    void onDocumentChanged() override;

  private:
    void onSample(const MemorySample& s);
    void redraw();
    void showRemoteChat(const QString& where);

    MemorySampleModel* model_;
    QChartView* view_;
    QLineSeries* rss_;
    QList<QLineSeries*> tops_; // upper edge of each band (running sums)
    QList<QAreaSeries*> bands_;
    QValueAxis* x_;
    QValueAxis* y_;
    QLabel* current_;
    QLabel* remote_;            // the chat's model runs elsewhere
    QList<MemorySample> shown_; // the samples inside the time window
    QList<QPair<double, QString>> events_;
    QList<QLineSeries*> markers_;
    double lastTime_ = 0;
    bool stale_ = false; // samples arrived while hidden: rebuilding the chart 4× a second costs 10–20 ms
};

} // namespace realm::ui
