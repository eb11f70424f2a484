#pragma once
#include "pages/intervention_page.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QTableWidget;

namespace realm::ui {

// Ablation: switch off attention heads, a layer's attention or feed-forward, or MoE experts
// (zeroed, or each position's output replaced by its mean over the prompt) and compare the
// prompt's last-position logits and logit lens with the unablated run.
class AblationPage : public InterventionPage {
    Q_OBJECT
  public:
    explicit AblationPage(QWidget* parent = nullptr);

    void setPrompt(const QString& text);
    void addTarget(AblationRequest::Kind kind, int layer, int index = -1);
    void clearTargets();
    void setMeanAblation(bool mean);
    void run();
    const AblationResult& result() const { return result_; }
    QTableWidget* topTable() const { return top_; }
    QTableWidget* lensTable() const { return lens_; }

  Q_SIGNALS:
    void resultShown(const realm::ui::AblationResult& result);

  protected:
    void onEngineReady(InterventionEngine* engine, const InterventionShape& shape) override;

  private:
    void onResult(const AblationResult& r);
    void updateIndexRange();
    static QString describe(const AblationRequest::Target& t);

    QLineEdit* prompt_;
    QComboBox* kind_;
    QSpinBox* layer_;
    QSpinBox* index_;
    QListWidget* targets_;
    QComboBox* mode_;
    QLabel* summary_;
    QTableWidget* top_;
    QTableWidget* lens_;
    QVector<AblationRequest::Target> chosen_;
    InterventionShape shape_;
    AblationResult result_;
};

} // namespace realm::ui
