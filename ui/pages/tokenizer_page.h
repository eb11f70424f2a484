#pragma once
#include "document/layer_types.h"
#include "pages/page.h"

#include <QPointer>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;
class QTimer;

namespace realm::ui {

class LayerStepper;
class TextTokenizer;
class TokenListModel;
class VocabularyBrowser;

// Two tabs. Text to tokens: tokenizing runs on the stepper's thread after a short pause in
// typing; the answer to the newest request is shown as a table and as coloured spans.
// Vocabulary: every token of the model, searchable (VocabularyBrowser).
class TokenizerPage : public Page {
    Q_OBJECT
  public:
    explicit TokenizerPage(QWidget* parent = nullptr);
    void setStepper(LayerStepper* stepper);
    void setText(const QString& text);
    void setAddSpecial(bool on);
    void setParseSpecial(bool on);
    TokenListModel* model() const { return model_; }
    QString spansHtml() const;
    QString countText() const;
    VocabularyBrowser* vocabularyBrowser() const { return vocabulary_; }
    // Switches to the vocabulary with that token selected.
    void showInVocabulary(int token);
    QTabWidget* tabs() const { return tabs_; }

  Q_SIGNALS:
    void tokensShown();

  protected:
    void onDocumentChanged() override;
    void onEnginesStarted() override;
    void onEnginesStopping() override;

  private:
    void request();
    void onTokenized(const TokenizedText& t);

    QPointer<LayerStepper> stepper_;
    QPointer<TextTokenizer> textTokenizer_; // for a model read over HTTP (no stepper)
    QPlainTextEdit* input_;
    QCheckBox* bos_;
    QCheckBox* special_;
    QLabel* count_;
    QTextBrowser* spans_;
    TokenListModel* model_;
    QTimer* debounce_;
    QTabWidget* tabs_;
    VocabularyBrowser* vocabulary_;
    quint64 sent_ = 0;
};

} // namespace realm::ui
