#include "jobs/text_tokenizer.h"

#include "jobs/job_queue.h"
#include "text/token_text.h"

#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"

#include <QElapsedTimer>

#include <exception>

namespace realm::ui {

TokenizedText describeTokens(const Tokenizer& tok, const std::vector<int32_t>& ids) {
    TokenizedText t;
    for (int32_t id : ids) {
        const std::string piece = tok.tokenToPiece(id, true);
        t.ids.push_back(id);
        t.pieces.push_back(visiblePiece(piece));
        t.decoded.push_back(QString::fromUtf8(piece.data(), qsizetype(piece.size())));
    }
    return t;
}

TokenizedText tokenizeText(const Tokenizer& tok, const QString& text, bool addSpecial, bool parseSpecial,
                           quint64 request) {
    TokenizedText t;
    QElapsedTimer timer;
    timer.start();
    try {
        t = describeTokens(tok, tok.tokenize(text.toStdString(), addSpecial, parseSpecial));
    } catch (const std::exception& e) {
        t.error = QString::fromUtf8(e.what());
    }
    t.milliseconds = double(timer.nsecsElapsed()) * 1e-6;
    t.text = text;
    t.request = request;
    t.addSpecial = addSpecial;
    t.parseSpecial = parseSpecial;
    return t;
}

TextTokenizer::TextTokenizer(JobQueue* jobs, std::shared_ptr<const GgufFile> file, QObject* parent)
    : QObject(parent), jobs_(jobs) {
    qRegisterMetaType<TokenizedText>();
    jobs_->run(
        JobSpec{}, this,
        [file](const JobControl&) { return std::shared_ptr<const Tokenizer>(Tokenizer::fromGguf(*file)); },
        [this](std::shared_ptr<const Tokenizer> tok) {
            tokenizer_ = std::move(tok);
            Q_EMIT ready();
        },
        [this](const QString& error) {
            TokenizedText t;
            t.error = error;
            Q_EMIT tokenized(t);
        });
}

void TextTokenizer::tokenize(const QString& text, bool addSpecial, bool parseSpecial, quint64 request) {
    if (!tokenizer_) return;
    JobSpec spec;
    spec.priority = JobPriority::Interactive;
    spec.replaces = QStringLiteral("tokenize");
    jobs_->run(
        spec, this,
        [tok = tokenizer_, text, addSpecial, parseSpecial, request](const JobControl&) {
            return tokenizeText(*tok, text, addSpecial, parseSpecial, request);
        },
        [this](const TokenizedText& t) { Q_EMIT tokenized(t); });
}

} // namespace realm::ui
