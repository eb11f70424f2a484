#pragma once
#include "jobs/logit_distribution.h"
#include "pages/page.h"

#include <QStringList>

#include <memory>
#include <optional>

class QChartView;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;

namespace realm::ui {

class TopTokensModel;

// The next-token distribution of a prompt typed here (run in the background through the Layers
// page's stepper, with a progress bar over its stages) or of the Layers page's last run: top tokens as bars,
// reshaped live by the sampler chain (temperature / top-k / top-p / min-p, through the core sampler over the
// logits already fetched), entropy, and the sorted log-probability curve over the vocabulary. Ranking and
// shaping are O(n_vocab log n_vocab) (tens of ms at 128k tokens): they run as a job, and the charts of a
// hidden page are rebuilt when it is shown.
class LogitsPage : public Page {
    Q_OBJECT
  public:
    static constexpr int MaxBars = 20;
    explicit LogitsPage(QWidget* parent = nullptr);

    void setVocabulary(const QStringList& pieces); // visible text per id
    void setLogits(const QVector<float>& logits, const QString& context);
    void clear();
    void compute();                                    // runs the prompt box's text to the final logits
    void setSampling(const SamplerSettings& settings); // moves the sliders (repetition and seed unused)
    SamplerSettings sampling() const;

    const LogitDistribution& distribution() const { return *dist_; }
    // A ranking or reshaping job is on its way; distribution(), shaped() and the bars follow it.
    bool isShaping() const { return shaping_; }
    const LogitDistribution::Shaped& shaped() const { return shaped_; }
    QVector<int> barIds() const { return barIds_; }
    QVector<double> barProbabilities() const { return barProbs_; }
    double entropyBits() const { return shaped_.entropyBits; }
    TopTokensModel* topModel() const { return top_; }
    QChartView* barChart() const { return bars_; }
    QChartView* curveChart() const { return curve_; }
    QLineEdit* promptEdit() const { return prompt_; }
    QProgressBar* progressBar() const { return progress_; }

  Q_SIGNALS:
    void shapedChanged();

  protected:
    void showEvent(QShowEvent* event) override;
    void onDocumentChanged() override;
    void onEnginesStarted() override;
    void onEnginesStopping() override;

  private:
    void reshape();
    // Ranks (logits not ranked yet) and shapes in the background, then shows the result.
    void shapeInBackground();
    void showShaped(std::shared_ptr<const LogitDistribution> dist, LogitDistribution::Shaped shaped);
    void updateCharts();
    void updateCurve();
    QString piece(int id) const;

    void updateComputeButton();

    QStringList vocab_;
    QLineEdit* prompt_;
    QPushButton* computeButton_;
    QProgressBar* progress_;
    std::shared_ptr<const LogitDistribution> dist_; // immutable once ranked: shared with shaping jobs
    bool shaping_ = false;
    std::optional<QVector<float>> unranked_; // set, not yet ranked: the next job ranks them
    quint64 shapeSerial_ = 0;                // results of older requests are dropped
    bool chartsStale_ = false;
    LogitDistribution::Shaped shaped_;
    QVector<int> barIds_;
    QVector<double> barProbs_;
    QLabel* context_;
    QLabel* summary_;
    QSlider* temperature_;
    QSlider* topK_;
    QSlider* topP_;
    QSlider* minP_;
    QLabel* temperatureLabel_;
    QLabel* topKLabel_;
    QLabel* topPLabel_;
    QLabel* minPLabel_;
    QChartView* bars_;
    QChartView* curve_;
    TopTokensModel* top_;
};

} // namespace realm::ui
