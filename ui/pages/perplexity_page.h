#pragma once
#include "jobs/perplexity_runner.h"
#include "pages/page.h"

#include <QPointer>

class QChartView;
class QLabel;
class QLineSeries;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace realm::ui {

class ProgressLine;

// Perplexity of the open model over a text (pasted or loaded from a file), chunked and scored
// as realm-cli perplexity and llama-perplexity do: the running value as chunks finish, a chart
// of each chunk's perplexity and the running one, in the background with progress and Cancel.
class PerplexityPage : public Page {
    Q_OBJECT
  public:
    explicit PerplexityPage(QWidget* parent = nullptr);

    void setText(const QString& text, const QString& source = {});
    bool loadTextFile(const QString& path); // false (and a message in the page) when unreadable
    bool hasText() const;
    void setContextLength(int tokens);
    void setMaxChunks(int chunks); // 0: every chunk
    void run();
    void cancel();
    bool isRunning() const { return runner_ && runner_->isRunning(); }
    const PerplexityOutcome& outcome() const { return outcome_; }
    QString statusMessage() const;
    QString resultText() const;
    QLineSeries* chunkSeries() const { return chunkSeries_; }
    QLineSeries* runningSeries() const { return runningSeries_; }

  Q_SIGNALS:
    void finished(const realm::ui::PerplexityOutcome& outcome);

  protected:
    void onDocumentChanged() override;

  private:
    void onStarted(qint64 textTokens, qint64 chunks, qint64 contextLength);
    void onChunk(qint64 chunk, double perplexity, double running);
    void onFinished(const PerplexityOutcome& o);
    void setBusy(bool busy);
    void showStatus(const QString& message, bool error = false);
    void fitAxes();

    QPointer<PerplexityRunner> runner_;
    QPlainTextEdit* text_;
    QString source_; // the file the text came from ("" when pasted)
    QLabel* sourceLabel_;
    QSpinBox* context_;
    QSpinBox* chunks_;
    QPushButton* run_;
    QPushButton* cancel_;
    ProgressLine* progress_;
    QLabel* status_;
    QLabel* result_;
    QChartView* chart_;
    QLineSeries* chunkSeries_;
    QLineSeries* runningSeries_;
    qint64 totalChunks_ = 0;
    double lastRunning_ = 0;
    PerplexityOutcome outcome_;
};

} // namespace realm::ui
