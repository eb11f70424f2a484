#pragma once
#include "pages/intervention_page.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace realm::ui {

// Steering vectors as llama.cpp's: a control-vector GGUF with a strength and a layer range,
// applied to the layer stepper and to the chat (--control-vector-scaled FILE:S), and one made
// here from pairs of positive/negative prompts (llama-cvector-generator's mean method) and saved.
class SteeringPage : public InterventionPage {
    Q_OBJECT
  public:
    explicit SteeringPage(QWidget* parent = nullptr);

    void setVector(const QString& path, double strength, int firstLayer = 1, int lastLayer = -1);
    void setTargets(bool layerStepper, bool chat);
    void apply();
    void remove();
    void setPairs(const QStringList& positive, const QStringList& negative);
    void makeVector(const QString& path); // saves it there, then offers it for applying
    QString stepperStatus() const;
    QString chatStatus() const;

  Q_SIGNALS:
    // target: "stepper" or "chat"; applied empty: removed (or failed, then error says why).
    void steeringShown(const QString& target, const QString& applied, const QString& error);
    void vectorMade(const realm::ui::ControlVectorResult& result);

  protected:
    void onEngineReady(InterventionEngine* engine, const InterventionShape& shape) override;

  private:
    SteeringSettings settings() const;
    void send(const SteeringSettings& s);
    void show(QLabel* label, const QString& target, const QString& applied, const QString& error);
    void onMade(const ControlVectorResult& r);

    QLineEdit* path_;
    QDoubleSpinBox* strength_;
    QSpinBox* first_;
    QSpinBox* last_;
    QCheckBox* toStepper_;
    QCheckBox* toChat_;
    QLabel* stepperStatus_;
    QLabel* chatStatus_;
    QPlainTextEdit* positive_;
    QPlainTextEdit* negative_;
    bool applied_ = false; // re-applied to new engines (another context length)
};

} // namespace realm::ui
