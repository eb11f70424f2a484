#pragma once
#include "pages/intervention_page.h"

class QLabel;
class QLineEdit;
class QSpinBox;

namespace realm::ui {

class HeatmapWidget;

// MoE routing of a prompt: each layer's expert load (the share of the prompt's tokens routed to
// each expert) and, for the chosen layer, every token's experts and router weights.
class RoutingPage : public InterventionPage {
    Q_OBJECT
  public:
    explicit RoutingPage(QWidget* parent = nullptr);

    void setPrompt(const QString& text);
    void run();
    void showChatLoad(); // the expert load of everything the chat has run so far
    void showLayer(int layer);
    const RoutingResult& result() const { return result_; }
    HeatmapWidget* loadMap() const { return load_; }
    HeatmapWidget* tokenMap() const { return tokens_; }

  Q_SIGNALS:
    void resultShown(const realm::ui::RoutingResult& result);

  protected:
    void onEngineReady(InterventionEngine* engine, const InterventionShape& shape) override;

  private:
    void onResult(const RoutingResult& r);

    QLineEdit* prompt_;
    QSpinBox* layer_;
    QLabel* layerTitle_;
    HeatmapWidget* load_;
    HeatmapWidget* tokens_;
    RoutingResult result_;
};

} // namespace realm::ui
