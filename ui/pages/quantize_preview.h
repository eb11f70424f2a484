#pragma once
#include "jobs/job_queue.h"

#include "quantlab/quantize_preview.h"

#include <QWidget>

class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace realm::ui {

class ImatrixStore;
class ModelSession;
class ProgressLine;

// The tensor inspector's Quantize tab: the selected tensor quantized to a chosen type and
// dequantized again in the background (core previewQuantization, nothing written), with its
// RMSE, max abs error, relative error, size and a histogram of the errors. It works only while
// shown; a new tensor or type replaces the running request.
class QuantizePreview : public QWidget {
    Q_OBJECT
  public:
    explicit QuantizePreview(QWidget* parent = nullptr);
    ~QuantizePreview() override;

    void setSession(ModelSession* session);
    // With an importance matrix open, its entry for the tensor weighs the error, and the tensor
    // can be quantized with it (as realm-cli quantize --imatrix).
    void setImatrix(ImatrixStore* store);
    void setQuantizeWithImportance(bool on);
    bool canQuantizeWithImportance() const;      // the open matrix has an entry that fits the tensor
    void showTensor(int tensor);                 // -1 clears
    void setActive(bool active);                 // the tab is shown: compute what is missing
    bool setTargetType(const QString& typeName); // false when not offered or not possible
    QString targetType() const;
    void cancel();

    // The last figures shown (for tests and the screenshot), valid after previewShown.
    const QuantizationError& result() const { return result_; }
    QString figuresText() const;
    QString noteText() const;

  Q_SIGNALS:
    void previewShown(int tensor);
    void previewFailed(int tensor, const QString& error);

  private:
    void fillTypes();
    void updateWeighting();
    QString requestKey() const; // what the figures depend on
    int fittingEntry() const;   // the open matrix's entry for the tensor, -1 when none fits
    void request();
    void show(const QuantizationError& r);
    void showFailure(const QString& error);

    ModelSession* session_ = nullptr;
    ImatrixStore* imatrix_ = nullptr;
    int tensor_ = -1;
    bool active_ = false;
    QString shownKey_;   // tensor/type of the figures on screen
    QString runningKey_; // and of the job running
    QString preferred_;  // the type last chosen, used wherever its blocks fit
    JobHandle job_;
    QuantizationError result_;
    QComboBox* type_;
    QCheckBox* weigh_;
    QPushButton* cancel_;
    ProgressLine* progress_;
    QLabel* note_;
    QLabel* figures_;
    QChartView* histogram_;
};

} // namespace realm::ui
