#include "jobs/layer_stepper.h"

#include "jobs/release_in_background.h"
#include "jobs/steering_slot.h"
#include "jobs/text_tokenizer.h"
#include "text/token_text.h"

#include "gguf/gguf_file.h"
#include "model/model.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

#include <QElapsedTimer>

#include <cmath>
#include <exception>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace realm::ui {

// Core objects, touched only by the stepper's jobs (one strand).
struct LayerStepper::State {
    std::shared_ptr<const Model> model;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::unique_ptr<Session> session;
    SteeringSlot steering; // after the session: removed from it first
    std::vector<int32_t> tokens;
    std::vector<float> hidden;
    std::vector<float> lens; // logits of every position after the last completed stage
    int nextStage = 0;
};

namespace {

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

LayerStepper::LayerStepper(JobQueue* jobs, std::shared_ptr<const GgufFile> file, QObject* parent,
                           qint64 contextLength)
    : QObject(parent), jobs_(jobs), state_(std::make_shared<State>()) {
    qRegisterMetaType<ModelShape>();
    qRegisterMetaType<TokenizedText>();
    qRegisterMetaType<LayerStep>();
    jobs_->run(
        onStrand(JobPriority::Long), this,
        [state = state_, file, contextLength](const JobControl&) {
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
            return shape;
        },
        [this](const ModelShape& shape) {
            tokenizer_ = state_->tokenizer; // written by the job above, which has finished
            ready_ = true;
            shape_ = shape;
            Q_EMIT ready(shape);
        },
        [this](const QString& e) {
            error_ = e;
            Q_EMIT failed(e);
        });
}

LayerStepper::~LayerStepper() {
    jobs_->cancelStrand(state_.get());
    releaseInBackground(std::move(state_)); // unless a job still holds it
    releaseInBackground(std::move(tokenizer_));
    releaseInBackground(std::move(shape_.pieces));
}

JobSpec LayerStepper::onStrand(JobPriority priority) const {
    JobSpec spec;
    spec.priority = priority;
    spec.strand = state_.get();
    return spec;
}

void LayerStepper::cancelStages() {
    for (const auto& weak : stages_)
        if (const JobHandle stage = weak.lock()) stage->cancel();
    stages_.clear();
}

void LayerStepper::setPrompt(const QString& text) {
    cancelStages();
    stages_.push_back(jobs_->run(
        onStrand(JobPriority::Interactive), this,
        [state = state_, text](const JobControl&) {
            TokenizedText t;
            if (!state->tokenizer) return t; // the model failed to load: `failed` said so
            try {
                state->tokens = state->tokenizer->tokenize(text.toStdString(), true, false);
                if (state->tokens.empty()) throw std::runtime_error("the prompt has no tokens");
                if (int64_t(state->tokens.size()) > state->session->contextLength())
                    throw std::runtime_error("the prompt is longer than the context (" +
                                             std::to_string(state->session->contextLength()) + " tokens)");
                t = describeTokens(*state->tokenizer, state->tokens);
            } catch (const std::exception& e) {
                state->tokens.clear();
                t.error = QString::fromUtf8(e.what());
            }
            t.text = text;
            state->nextStage = 0;
            state->hidden.clear();
            state->lens.clear();
            return t;
        },
        [this](const TokenizedText& t) {
            if (!t.text.isNull() || !t.error.isEmpty()) Q_EMIT promptReady(t);
        }));
}

void LayerStepper::reset() {
    cancelStages();
    stages_.push_back(jobs_->run(
        onStrand(JobPriority::Interactive), this,
        [state = state_](const JobControl&) {
            state->nextStage = 0;
            state->hidden.clear();
            state->lens.clear();
        },
        [] {}));
}

void LayerStepper::setSteering(const SteeringSettings& settings) {
    cancelStages();
    jobs_->run(
        onStrand(JobPriority::Interactive), this,
        [state = state_, settings](const JobControl&) {
            auto out = state->steering.tryApply(state->session.get(), settings);
            state->nextStage = 0;
            state->hidden.clear();
            state->lens.clear();
            return out;
        },
        [this](const std::pair<QString, QString>& r) { Q_EMIT steeringApplied(r.first, r.second); });
}

void LayerStepper::step() {
    queueStage(JobPriority::Interactive);
}

void LayerStepper::runToEnd() {
    // One job per remaining stage: each reports on its own and reset() can cut in.
    for (int i = 0; i < stageCount(); ++i)
        queueStage(JobPriority::Long);
}

void LayerStepper::queueStage(JobPriority priority) {
    std::erase_if(stages_, [](const std::weak_ptr<JobControl>& s) { return s.expired(); });
    stages_.push_back(jobs_->run(
        onStrand(priority), this,
        [state = state_](const JobControl& control) {
            if (control.cancelled()) return std::optional<LayerStep>();
            State& s = *state;
            if (!s.session || s.tokens.empty()) return std::optional<LayerStep>();
            const int nLayer = int(s.model->hparams().nLayer);
            if (s.nextStage > nLayer + 1) return std::optional<LayerStep>();
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
            return std::optional<LayerStep>(std::move(out));
        },
        [this](const std::optional<LayerStep>& step) {
            if (step) Q_EMIT stepDone(*step);
        }));
}

void LayerStepper::tokenize(const QString& text, bool addSpecial, bool parseSpecial, quint64 request) {
    JobSpec spec;
    spec.priority = JobPriority::Interactive;
    // The tokenizer is immutable: once ready it tokenizes beside a running stage. Before, the
    // request waits on the strand for the model to load.
    if (!tokenizer_) spec.strand = state_.get();
    spec.replaces = QStringLiteral("tokenize");
    jobs_->run(
        spec, this,
        [state = state_, tokenizer = tokenizer_, text, addSpecial, parseSpecial,
         request](const JobControl&) -> std::optional<TokenizedText> {
            const std::shared_ptr<const Tokenizer> tok = tokenizer ? tokenizer : state->tokenizer;
            if (!tok) return std::nullopt;
            return tokenizeText(*tok, text, addSpecial, parseSpecial, request);
        },
        [this](const std::optional<TokenizedText>& t) {
            if (t) Q_EMIT tokenized(*t);
        });
}

} // namespace realm::ui
