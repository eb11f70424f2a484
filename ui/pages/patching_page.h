#pragma once
#include "jobs/job_queue.h"
#include "pages/intervention_page.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace realm::ui {

class HeatmapWidget;

// Activation patching: for every (layer, position) the clean prompt's residual stream (or one
// head's output) replaces the corrupted prompt's, and the heatmap shows how much of the logit
// difference between the two answers comes back (1 = clean, 0 = corrupted). The sweep runs on
// the intervention engine's jobs with progress and Cancel.
class PatchingPage : public InterventionPage {
    Q_OBJECT
  public:
    explicit PatchingPage(QWidget* parent = nullptr);

    void setPrompts(const QString& clean, const QString& corrupted);
    void setAnswers(const QString& answer, const QString& wrongAnswer);
    void setHead(int head); // < 0: the residual stream
    void run();
    void cancel();
    const PatchResult& result() const { return result_; }
    HeatmapWidget* heatmap() const { return heatmap_; }

  Q_SIGNALS:
    void resultShown(const realm::ui::PatchResult& result);

  protected:
    void onEngineReady(InterventionEngine* engine, const InterventionShape& shape) override;

  private:
    void onResult(const PatchResult& r);

    QLineEdit* clean_;
    QLineEdit* corrupted_;
    QLineEdit* answer_;
    QLineEdit* wrong_;
    QComboBox* site_;
    QSpinBox* head_;
    QPushButton* cancel_;
    QLabel* summary_;
    HeatmapWidget* heatmap_;
    JobHandle sweep_;
    PatchResult result_;
};

} // namespace realm::ui
