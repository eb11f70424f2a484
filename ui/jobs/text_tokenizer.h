#pragma once
#include "document/layer_types.h"

#include <QObject>

#include <memory>
#include <vector>

namespace realm {
class GgufFile;
class Tokenizer;
} // namespace realm

namespace realm::ui {

class JobQueue;

// Each token's visible piece and its own text.
TokenizedText describeTokens(const Tokenizer& tok, const std::vector<int32_t>& ids);
// Tokenizes with `tok` and describes each token for the tokenizer page (errors in .error).
TokenizedText tokenizeText(const Tokenizer& tok, const QString& text, bool addSpecial, bool parseSpecial,
                           quint64 request);

// The tokenizer page's tokenizer when no layer stepper exists (a model read over HTTP has its
// vocabulary but not its weights): made from the file's metadata on the model's job queue.
class TextTokenizer : public QObject {
    Q_OBJECT
  public:
    TextTokenizer(JobQueue* jobs, std::shared_ptr<const GgufFile> file, QObject* parent = nullptr);
    bool isReady() const { return tokenizer_ != nullptr; }
    void tokenize(const QString& text, bool addSpecial, bool parseSpecial, quint64 request);

  Q_SIGNALS:
    void ready();
    void tokenized(const realm::ui::TokenizedText& tokens);

  private:
    JobQueue* jobs_;
    std::shared_ptr<const Tokenizer> tokenizer_;
};

} // namespace realm::ui
