#pragma once
#include "document/model_types.h"
#include "pages/page.h"

class QChartView;
class QFormLayout;
class QLabel;

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
    QLabel* title_;
    QWidget* formBox_;
    QFormLayout* form_;
    QChartView* chart_;
    QLabel* sizeNote_;
};

} // namespace realm::ui
