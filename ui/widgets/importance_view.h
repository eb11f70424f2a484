#pragma once
#include "document/imatrix_store.h"

#include <QVector>
#include <QWidget>

class QChartView;
class QLabel;
class QLineSeries;

namespace realm::ui {

// One entry of an importance matrix: its statistics in a line and the importance of every
// input column (the mean squared activation llama-quantize weighs the column by) as a chart;
// an MoE entry's matrices follow each other.
class ImportanceView : public QWidget {
    Q_OBJECT
  public:
    explicit ImportanceView(QWidget* parent = nullptr);

    // note: shown above the figures (a mismatch with the tensor beside it, …).
    void showEntry(const std::shared_ptr<const LoadedImatrix>& imatrix, int entry, const QString& note = {});
    void showMessage(const QString& message); // no entry: the reason instead of a chart
    const QVector<float>& importance() const { return importance_; }
    QLineSeries* series() const { return series_; }
    QString summaryText() const;
    QString noteText() const;

  private:
    QLabel* note_;
    QLabel* summary_;
    QChartView* chart_;
    QLineSeries* series_;
    QVector<float> importance_;
};

} // namespace realm::ui
