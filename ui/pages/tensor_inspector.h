#pragma once
#include "document/model_types.h"

#include <QWidget>

class QChartView;
class QLabel;
class QLineSeries;
class QSpinBox;
class QTabWidget;
class QTableView;
class QBarSeries;

namespace realm::ui {

class ProgressLine;
class HeatmapWidget;
class RowValuesModel;
class ImatrixStore;
class ImportanceView;
class ModelSession;
class QuantizePreview;

// Everything about one tensor: statistics, histogram, a row viewer (chart + values, copy,
// CSV/.npy export), a pooled heatmap with zoom/pan, and per-block scales for quantized types.
// All numbers come from the session's worker; a new selection cancels the old requests.
class TensorInspector : public QWidget {
    Q_OBJECT
  public:
    explicit TensorInspector(QWidget* parent = nullptr);

    void setSession(ModelSession* session);
    // The window's importance matrix: while one is open, an Importance tab shows the selected
    // tensor's entry.
    void setImatrix(ImatrixStore* store);
    void showTensor(int tensorIndex); // -1 clears
    void selectRow(int64_t row);
    int currentTensor() const { return tensor_; }
    int64_t currentRow() const { return row_; }

    QLineSeries* rowSeries() const { return rowSeries_; }
    const QVector<float>& rowValues() const { return rowValues_; }
    HeatmapWidget* heatmap() const { return heatmap_; }
    QTabWidget* tabs() const { return tabs_; }
    QuantizePreview* quantizePreview() const { return preview_; }
    ImportanceView* importanceView() const { return importance_; }
    bool statsShown() const { return statsShown_; }
    // Over HTTP, tensors larger than this compute statistics only when asked (computeStats).
    static constexpr uint64_t RemoteStatsWithoutAsking = 16ull * 1024 * 1024;
    void computeStats();
    QString statsLabel() const; // the figures line under the title
    // The last job error for the shown tensor ("" when none).
    QString errorText() const;

    bool exportCsv(const QString& path) const;
    bool exportNpy(const QString& path) const;

  Q_SIGNALS:
    void rowShown(int tensor, qint64 row);
    void statsShownSignal(int tensor);
    void heatmapShown(int tensor);

  private:
    void onStats(const TensorStatsResult& r);
    void onRow(const RowResult& r);
    void onHeatmap(const HeatmapResult& r);
    void onBlockScales(const BlockScalesResult& r);
    void requestHeatmap(int64_t row0, int64_t col0, int64_t rows, int64_t cols);
    void copyRow() const;
    void showImportance();

    ModelSession* session_ = nullptr;
    int tensor_ = -1;
    int64_t row_ = 0;
    bool statsShown_ = false;
    QVector<float> rowValues_;
    QLabel* title_;
    QLabel* statsLabel_;
    ProgressLine* progress_;
    QTabWidget* tabs_;
    QSpinBox* rowSpin_;
    QChartView* rowChart_;
    QLineSeries* rowSeries_;
    QTableView* valuesTable_;
    RowValuesModel* valuesModel_;
    HeatmapWidget* heatmap_;
    QChartView* histogramChart_;
    QChartView* scalesChart_;
    QLabel* scalesNote_;
    QLabel* errorLabel_;
    QuantizePreview* preview_;
    ImatrixStore* imatrix_ = nullptr;
    ImportanceView* importance_;
};

} // namespace realm::ui
