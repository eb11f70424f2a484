#pragma once
#include "document/model_types.h"
#include "pages/page.h"

class QBarCategoryAxis;
class QBarSet;
class QChartView;
class QFormLayout;
class QHorizontalBarSeries;
class QLabel;
class QValueAxis;

namespace realm::ui {

// Architecture, sizes and the bytes per quant type of the open model.
class OverviewPage : public Page {
    Q_OBJECT
  public:
    explicit OverviewPage(QWidget* parent = nullptr);
    void setSummary(const ModelSummary& s);
    void clear();
    QString factText(const QString& label) const; // for tests: the value shown for a label
    QChartView* chartView() const { return chart_; }

  protected:
    void onDocumentChanged() override;

  private:
    // Two steps, each in its own event-loop turn when a model opens.
    void setFacts(const ModelSummary& s);
    void setChart(const ModelSummary& s);
    void showChart(bool shown);

    QLabel* title_;
    QWidget* formBox_;
    QFormLayout* form_;
    QChartView* chart_;
    // Made once with the page and refilled per model: creating a chart's series and axes cost
    // 4-8 ms of the UI thread as the first 8B model opened.
    QHorizontalBarSeries* series_;
    QBarSet* bars_;
    QBarCategoryAxis* typeAxis_;
    QValueAxis* bytesAxis_;
    QLabel* sizeNote_;
};

} // namespace realm::ui
