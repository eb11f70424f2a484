#pragma once
#include "jobs/compare_jobs.h"
#include "pages/reference_page.h"

class QPlainTextEdit;
class QSpinBox;
class QTableWidget;

namespace realm::ui {

class ColorLegend;
class TokenDamageView;

// Damage over a text: the reference file and the open model run over the same text in chunks
// of the context (as llama-perplexity --kl-divergence), and every scored token gets KL(reference ‖
// this), Δp and whether the top token agrees. The text is shown coloured by KL with the figures on
// hover, beside llama.cpp's summary. Runs on the model's job queue with progress and Cancel.
class KlPage : public ReferencePage {
    Q_OBJECT
  public:
    explicit KlPage(QWidget* parent = nullptr);

    void setText(const QString& text);
    bool loadTextFile(const QString& path); // false (and the reason in the status line) when unreadable
    bool hasText() const;
    void setContextLength(int tokens);
    void setMaxChunks(int chunks); // 0: every whole chunk
    void run() override;

    const TextDamageResult& result() const { return result_; }
    QTableWidget* summaryTable() const { return summary_; }
    TokenDamageView* textView() const { return view_; }

  Q_SIGNALS:
    void resultShown(); // a run ended: finished, cancelled or failed

  protected:
    void reset(const QString& hint) override;

  private:
    void loadText();
    void onResult(TextDamageResult r);
    void onFailed(const QString& error);
    void showSummary(const KlSummary& s);

    QPlainTextEdit* input_;
    QSpinBox* context_;
    QSpinBox* chunks_;
    TokenDamageView* view_;
    ColorLegend* legend_;
    QTableWidget* summary_;
    TextDamageResult result_;
    std::shared_ptr<const Model> reference_; // the last reference loaded, kept for the next run
    QString referencePath_;
};

} // namespace realm::ui
