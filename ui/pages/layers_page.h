#pragma once
#include "document/intervention_types.h"
#include "document/layer_types.h"
#include "pages/page.h"

#include <QPointer>

class QChartView;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QHBoxLayout;
class QToolButton;
class QMenu;

namespace realm::ui {

class HeatmapWidget;
class InterventionEngine;
class ProgressLine;
class LayerStepper;
class LogitLensModel;

// Visual layer debugging: a prompt is stepped through the model one stage at a time; for the
// selected stage the residual heatmap, attention of one head, residual norms across stages and
// the logit-lens grid (filled as stages complete) are shown.
class LayersPage : public Page {
    Q_OBJECT
  public:
    explicit LayersPage(QWidget* parent = nullptr);
    void setStepper(LayerStepper* stepper); // nullptr: no model

    void setPrompt(const QString& text);
    QString prompt() const;
    void step();
    void runToEnd();
    void runPromptToEnd(const QString& text); // tokenizes, then runs every stage
    void reset();
    void selectStage(int stage);
    // Writes the tokenized prompt's activations (the sites checked in the Export menu) to dir
    // as realm-cli activations does; exportFinished reports the files or the error.
    void exportCapture(const QString& dir);
    void setExportSites(const QStringList& sites);
    QStringList exportSites() const;

    int completedStages() const { return int(steps_.size()); }
    int stageCount() const { return stages_; }
    bool isFinished() const { return stages_ > 0 && completedStages() == stages_; }
    const TokenizedText& tokens() const { return tokens_; }
    LogitLensModel* lensModel() const { return lens_; }
    HeatmapWidget* hiddenHeatmap() const { return hidden_; }
    HeatmapWidget* attentionHeatmap() const { return attention_; }
    QChartView* normChart() const { return norms_; }
    QString lastError() const { return error_; }
    QString exportStatus() const;
    QString steeringStatus() const;

  Q_SIGNALS:
    void promptTokenized();
    void stageDone(int stage);
    void finished(const QVector<float>& finalLogits, const QString& context);
    void exportFinished(const realm::ui::ActivationExport& result);

  protected:
    void onEnginesStarted() override;
    void onEnginesStopping() override;

  private:
    void onPrompt(const TokenizedText& t);
    void onStep(const LayerStep& s);
    void rebuildButtons();
    void showStage(int stage);
    void showAttention();
    void updateNorms();
    void updateLensMap();
    void updateControls();
    QString stageName(int stage) const;
    void chooseExportDir();
    void onExported(const ActivationExport& result);

    QPointer<LayerStepper> stepper_;
    QPointer<InterventionEngine> interventions_;
    QToolButton* exportButton_;
    QMenu* exportMenu_;
    QLabel* exportLabel_;
    QLabel* steeringLabel_; // which control vector the stepper adds, if any
    ProgressLine* exportProgress_;
    bool exporting_ = false;
    QLineEdit* prompt_;
    QPushButton* stepButton_;
    QPushButton* runButton_;
    QPushButton* resetButton_;
    QLabel* tokensLabel_;
    QLabel* timeLabel_;
    QWidget* strip_;
    QHBoxLayout* stripLayout_;
    QList<QToolButton*> buttons_;
    QSlider* slider_;
    QLabel* stageLabel_;
    HeatmapWidget* hidden_;
    HeatmapWidget* attention_;
    QSpinBox* head_;
    QChartView* norms_;
    LogitLensModel* lens_;
    TokenizedText tokens_;
    QVector<LayerStep> steps_; // by stage, as completed
    int stages_ = 0;
    int shown_ = -1;
    int pending_ = 0;               // steps asked for and not reported yet
    bool runWhenTokenized_ = false; // another page asked for this prompt's final logits
    QString error_;
};

} // namespace realm::ui
