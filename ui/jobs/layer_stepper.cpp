#include "jobs/layer_stepper.h"

#include "text/token_text.h"

#include "gguf/gguf_file.h"
#include "model/model.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

#include <QElapsedTimer>

#include <cmath>
#include <exception>
#include <numeric>
#include <stdexcept>

namespace realm::ui {

// Core objects, touched only on the stepper thread.
struct LayerStepper::State {
    std::shared_ptr<const Model> model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<Session> session;
    std::vector<int32_t> tokens;
    std::vector<float> hidden;
    std::vector<float> lens; // logits of every position after the last completed stage
    int nextStage = 0;
};

namespace {

TokenizedText describe(const Tokenizer& tok, const std::vector<int32_t>& ids) {
    TokenizedText t;
    for (int32_t id : ids) {
        const std::string piece = tok.tokenToPiece(id, true);
        t.ids.push_back(id);
        t.pieces.push_back(visiblePiece(piece));
        t.decoded.push_back(QString::fromUtf8(piece.data(), qsizetype(piece.size())));
    }
    return t;
}

// Top-1 of every row of `logits` with its softmax probability.
void lensTop(const Tokenizer& tok, const std::vector<float>& logits, int nTokens, int nVocab,
             LayerStep& out) {
    for (int t = 0; t < nTokens; ++t) {
        const float* row = logits.data() + size_t(t) * size_t(nVocab);
        int best = 0;
        for (int i = 1; i < nVocab; ++i)
            if (row[i] > row[best]) best = i;
        double sum = 0;
        for (int i = 0; i < nVocab; ++i)
            sum += std::exp(double(row[i]) - double(row[best]));
        out.lensIds.push_back(best);
        out.lensProbs.push_back(float(1.0 / sum));
        out.lensPieces.push_back(tok.isValidId(best) ? visiblePiece(tok.tokenToPiece(best, true))
                                                     : QString::number(best));
    }
}

} // namespace

LayerStepper::LayerStepper(std::shared_ptr<const GgufFile> file, QObject* parent, qint64 contextLength)
    : QObject(parent), state_(std::make_shared<State>()) {
    qRegisterMetaType<ModelShape>();
    qRegisterMetaType<TokenizedText>();
    qRegisterMetaType<LayerStep>();
    worker_ = new QObject;
    worker_->moveToThread(&thread_);
    thread_.setObjectName(QStringLiteral("layer-stepper"));
    thread_.start();
    connect(
        this, &LayerStepper::readyOnWorker, this,
        [this](const ModelShape& shape) {
            ready_ = true;
            shape_ = shape;
            Q_EMIT ready(shape);
        },
        Qt::QueuedConnection);
    connect(
        this, &LayerStepper::failedOnWorker, this,
        [this](const QString& e) {
            error_ = e;
            Q_EMIT failed(e);
        },
        Qt::QueuedConnection);
    auto state = state_;
    QMetaObject::invokeMethod(
        worker_,
        [this, state, file, contextLength] {
            try {
                state->model = Model::fromFile(file);
                state->tokenizer = Tokenizer::fromGguf(*file);
                SessionOptions options;
                options.contextLength = contextLength;
                state->session = std::make_unique<Session>(state->model, options);
                const HParams& hp = state->model->hparams();
                ModelShape shape;
                shape.layers = int(hp.nLayer);
                shape.heads = int(hp.nHead);
                shape.embd = int(hp.nEmbd);
                shape.vocab = int(hp.nVocab);
                shape.contextLength = state->session->contextLength();
                shape.pieces.reserve(shape.vocab);
                for (int i = 0; i < shape.vocab; ++i)
                    shape.pieces.push_back(state->tokenizer->isValidId(i)
                                               ? visiblePiece(state->tokenizer->tokenToPiece(i, true))
                                               : QString::number(i));
                Q_EMIT readyOnWorker(shape);
            } catch (const std::exception& e) {
                Q_EMIT failedOnWorker(QString::fromUtf8(e.what()));
            }
        },
        Qt::QueuedConnection);
}

LayerStepper::~LayerStepper() {
    epoch_->fetch_add(1);
    QMetaObject::invokeMethod(
        worker_, [w = worker_] { delete w; }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    state_.reset();
}

void LayerStepper::setPrompt(const QString& text) {
    const int epoch = epoch_->fetch_add(1) + 1;
    auto state = state_;
    auto epochs = epoch_;
    const std::string utf8 = text.toStdString();
    QMetaObject::invokeMethod(
        worker_,
        [this, state, epochs, epoch, utf8, text] {
            if (epochs->load() != epoch || !state->tokenizer) return;
            TokenizedText t;
            try {
                state->tokens = state->tokenizer->tokenize(utf8, true, false);
                if (state->tokens.empty()) throw std::runtime_error("the prompt has no tokens");
                if (int64_t(state->tokens.size()) > state->session->contextLength())
                    throw std::runtime_error("the prompt is longer than the context (" +
                                             std::to_string(state->session->contextLength()) + " tokens)");
                t = describe(*state->tokenizer, state->tokens);
            } catch (const std::exception& e) {
                state->tokens.clear();
                t.error = QString::fromUtf8(e.what());
            }
            t.text = text;
            state->nextStage = 0;
            state->hidden.clear();
            state->lens.clear();
            Q_EMIT promptReady(t);
        },
        Qt::QueuedConnection);
}

void LayerStepper::reset() {
    const int epoch = epoch_->fetch_add(1) + 1;
    auto state = state_;
    auto epochs = epoch_;
    QMetaObject::invokeMethod(
        worker_,
        [state, epochs, epoch] {
            if (epochs->load() != epoch) return;
            state->nextStage = 0;
            state->hidden.clear();
            state->lens.clear();
        },
        Qt::QueuedConnection);
}

void LayerStepper::step() {
    const int epoch = epoch_->load();
    auto state = state_;
    auto epochs = epoch_;
    QMetaObject::invokeMethod(
        worker_,
        [this, state, epochs, epoch] {
            if (epochs->load() != epoch) return;
            State& s = *state;
            if (!s.session || s.tokens.empty()) return;
            const int nLayer = int(s.model->hparams().nLayer);
            if (s.nextStage > nLayer + 1) return;
            const int nTokens = int(s.tokens.size());
            const int nVocab = int(s.model->hparams().nVocab);
            LayerStep out;
            out.stage = s.nextStage;
            out.layers = nLayer;
            out.nTokens = nTokens;
            out.nEmbd = int(s.model->hparams().nEmbd);
            QElapsedTimer timer;
            timer.start();
            try {
                if (out.stage == 0) {
                    s.session->clear();
                    s.session->embed(s.tokens, s.hidden);
                    s.session->logits(s.hidden.data(), nTokens, s.lens);
                } else if (out.stage <= nLayer) {
                    std::vector<int32_t> positions(s.tokens.size());
                    std::iota(positions.begin(), positions.end(), 0);
                    LayerCapture capture;
                    s.session->forwardLayer(out.stage - 1, s.hidden, positions, &capture);
                    s.session->logits(s.hidden.data(), nTokens, s.lens);
                    out.nHead = int(s.model->hparams().nHead);
                    out.nKeys = int(capture.nKeys);
                    out.attn = QVector<float>(capture.attnProbs.begin(), capture.attnProbs.end());
                } else {
                    // The lens after the last layer is the final norm + output: the model's logits.
                    const float* last = s.lens.data() + size_t(nTokens - 1) * size_t(nVocab);
                    out.finalLogits = QVector<float>(last, last + nVocab);
                }
                out.seconds = double(timer.nsecsElapsed()) * 1e-9;
                out.hidden = QVector<float>(s.hidden.begin(), s.hidden.end());
                for (int t = 0; t < nTokens; ++t) {
                    double sq = 0;
                    for (int i = 0; i < out.nEmbd; ++i) {
                        const double v = s.hidden[size_t(t) * size_t(out.nEmbd) + size_t(i)];
                        sq += v * v;
                    }
                    out.norms.push_back(float(std::sqrt(sq)));
                }
                if (out.stage <= nLayer) lensTop(*s.tokenizer, s.lens, nTokens, nVocab, out);
                ++s.nextStage;
            } catch (const std::exception& e) {
                out.error = QString::fromUtf8(e.what());
                s.nextStage = nLayer + 2; // stop: the state is no longer consistent
            }
            Q_EMIT stepDone(out);
        },
        Qt::QueuedConnection);
}

void LayerStepper::runToEnd() {
    // One queued stage per remaining stage: each reports on its own and reset() can cut in.
    for (int i = 0; i < stageCount(); ++i)
        step();
}

void LayerStepper::tokenize(const QString& text, bool addSpecial, bool parseSpecial, quint64 request) {
    auto state = state_;
    const std::string utf8 = text.toStdString();
    QMetaObject::invokeMethod(
        worker_,
        [this, state, utf8, text, addSpecial, parseSpecial, request] {
            if (!state->tokenizer) return;
            TokenizedText t;
            QElapsedTimer timer;
            timer.start();
            try {
                t = describe(*state->tokenizer, state->tokenizer->tokenize(utf8, addSpecial, parseSpecial));
            } catch (const std::exception& e) {
                t.error = QString::fromUtf8(e.what());
            }
            t.milliseconds = double(timer.nsecsElapsed()) * 1e-6;
            t.text = text;
            t.request = request;
            t.addSpecial = addSpecial;
            t.parseSpecial = parseSpecial;
            Q_EMIT tokenized(t);
        },
        Qt::QueuedConnection);
}

} // namespace realm::ui
