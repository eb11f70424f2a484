#pragma once
#include "jobs/compare_jobs.h"
#include "pages/reference_page.h"

class QChartView;
class QLineSeries;
class QSortFilterProxyModel;
class QTableView;

namespace realm::ui {

class HeatmapWidget;
class TensorErrorModel;

// Compare two files: every tensor of the open model against the reference file's (both types,
// RMSE, max |error|, cosine, relative error; sortable), the relative error of each kind of
// tensor per layer, and for the selected tensor its error heatmap and per-row RMSE. The core
// streams both files a block of rows at a time on the model's job queue, with progress and Cancel.
class ComparePage : public ReferencePage {
    Q_OBJECT
  public:
    explicit ComparePage(QWidget* parent = nullptr);

    void run() override;
    void selectTensor(const QString& name);

    TensorErrorModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    HeatmapWidget* heatmap() const { return heatmap_; }
    QChartView* layerChart() const { return layerChart_; }
    const TensorErrorDetail& detail() const { return detail_; }

  Q_SIGNALS:
    void resultShown(); // a comparison ended: finished, cancelled or failed
    void detailShown(); // the selected tensor's heatmap and rows are in

  protected:
    void reset(const QString& hint) override;
    void cancelMore() override;

  private:
    void onCompared(FileComparisonResult r);
    void onFailed(const QString& error);
    void showLayerChart();
    void requestDetail(const QModelIndex& proxyIndex);
    void onDetail(TensorErrorDetail d);
    void clearResults(const QString& message);

    TensorErrorModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QChartView* layerChart_;
    HeatmapWidget* heatmap_;
    QChartView* rowChart_;
    QLineSeries* rowSeries_;
    JobHandle detailJob_;
    std::shared_ptr<const GgufFile> reference_;
    TensorErrorDetail detail_;
};

} // namespace realm::ui
