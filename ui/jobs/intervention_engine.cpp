#include "jobs/intervention_engine.h"

#include "jobs/release_in_background.h"
#include "text/token_text.h"

#include "gguf/gguf_file.h"
#include "interp/ablation.h"
#include "interp/activation_export.h"
#include "interp/control_vector_maker.h"
#include "interp/patching.h"
#include "model/model.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <stdexcept>

namespace realm::ui {

namespace {
// Interventions run short prompts; a cap keeps the engine's own F32 cache small beside the
// chat's and the stepper's.
constexpr qint64 MaxContext = 2048;
} // namespace

// Core objects, touched only by the engine's jobs (one strand).
struct InterventionEngine::State {
    std::shared_ptr<const Model> model;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::unique_ptr<Session> session;

    std::vector<int32_t> tokenize(const QString& text, const char* what) const {
        std::vector<int32_t> tokens = tokenizer->tokenize(text.toStdString(), true, false);
        if (tokens.empty()) throw std::runtime_error(std::string(what) + " has no tokens");
        if (int64_t(tokens.size()) > session->contextLength())
            throw std::runtime_error(std::string(what) + " has " + std::to_string(tokens.size()) +
                                     " tokens, more than the " + std::to_string(session->contextLength()) +
                                     " this view runs");
        return tokens;
    }
    // One token for an answer such as " Paris".
    int32_t answerToken(const QString& text, const char* what) const {
        const std::vector<int32_t> ids = tokenizer->tokenize(text.toStdString(), false, false);
        if (ids.size() != 1)
            throw std::runtime_error(
                std::string(what) + " \"" + text.toStdString() + "\" is " + std::to_string(ids.size()) +
                " tokens (" + pieces(ids).join(QLatin1Char(' ')).toStdString() + "); it must be exactly one");
        return ids.front();
    }
    QString piece(int32_t id) const {
        return tokenizer->isValidId(id) ? visiblePiece(tokenizer->tokenToPiece(id, true))
                                        : QString::number(id);
    }
    QStringList pieces(const std::vector<int32_t>& ids) const {
        QStringList out;
        for (int32_t id : ids)
            out << piece(id);
        return out;
    }
};

InterventionEngine::InterventionEngine(JobQueue* jobs, std::shared_ptr<const GgufFile> file, QObject* parent,
                                       qint64 contextLength)
    : QObject(parent), jobs_(jobs), state_(std::make_shared<State>()) {
    qRegisterMetaType<InterventionShape>();
    qRegisterMetaType<ActivationExport>();
    qRegisterMetaType<AblationResult>();
    qRegisterMetaType<PatchResult>();
    qRegisterMetaType<ControlVectorResult>();
    qRegisterMetaType<RoutingResult>();
    jobs_->run(
        spec(""), this,
        [state = state_, file, contextLength](const JobControl&) {
            state->model = Model::fromFile(file);
            state->tokenizer = Tokenizer::fromGguf(*file);
            SessionOptions options;
            options.contextLength = contextLength > 0 ? std::min(contextLength, MaxContext) : MaxContext;
            // F32 like realm-cli's intervention commands, so both give the same numbers.
            options.kvType = KvType::F32;
            // One batch per prompt: attention weights and mean ablation see the whole prompt at once.
            options.batchSize = std::numeric_limits<int32_t>::max();
            state->session = std::make_unique<Session>(state->model, options);
            const HParams& hp = state->model->hparams();
            InterventionShape shape;
            shape.layers = int(hp.nLayer);
            shape.heads = int(hp.nHead);
            shape.experts = int(hp.nExpert);
            shape.expertsUsed = int(hp.nExpertUsed);
            shape.embd = int(hp.nEmbd);
            shape.vocab = int(hp.nVocab);
            shape.architecture = QString::fromStdString(file->getString("general.architecture"));
            return shape;
        },
        [this](const InterventionShape& shape) {
            ready_ = true;
            shape_ = shape;
            Q_EMIT ready(shape);
        },
        [this](const QString& e) {
            error_ = e;
            Q_EMIT failed(e);
        });
}

InterventionEngine::~InterventionEngine() {
    jobs_->cancelStrand(state_.get());
    releaseInBackground(std::move(state_)); // unless a job still holds it
}

JobSpec InterventionEngine::spec(const char* kind, JobPriority priority) const {
    JobSpec s;
    s.priority = priority;
    s.strand = state_.get();
    if (*kind) s.replaces = QStringLiteral("interventions/") + QLatin1String(kind);
    return s;
}

template <typename Result, typename Work, typename Signal>
JobHandle InterventionEngine::request(const char* kind, Work work, Signal signal,
                                      std::function<void(double)> progress) {
    JobSpec s = spec(kind);
    s.deliverCancelled = true; // a cancelled sweep still shows the cells it reached
    return jobs_->run(
        s, this,
        [state = state_, work = std::move(work)](const JobControl& control) {
            Result result;
            if (!state->session) {
                result.error = tr("the model did not load");
                return result;
            }
            QElapsedTimer timer;
            timer.start();
            try {
                work(*state, control, result);
            } catch (const std::exception& e) {
                result.error = QString::fromUtf8(e.what());
            }
            if constexpr (requires { result.seconds; }) result.seconds = double(timer.nsecsElapsed()) * 1e-9;
            return result;
        },
        [this, signal](const Result& result) {
            std::invoke(signal, this, result); /* emits */
        },
        {}, std::move(progress));
}

void InterventionEngine::exportActivations(const QString& prompt, const QStringList& sites,
                                           const QString& dir) {
    request<ActivationExport>(
        "export",
        [prompt, sites, dir](State& s, const JobControl&, ActivationExport& out) {
            out.dir = dir;
            std::vector<HookSite> chosen;
            for (const QString& name : sites) {
                HookSite site;
                if (!hookSiteFromName(name.toStdString(), site))
                    throw std::runtime_error("unknown activation \"" + name.toStdString() + "\"");
                chosen.push_back(site);
            }
            if (chosen.empty()) throw std::runtime_error("choose at least one activation to export");
            const std::vector<int32_t> tokens = s.tokenize(prompt, "the prompt");
            std::vector<std::string> pieces;
            for (int32_t id : tokens)
                pieces.push_back(s.tokenizer->tokenToPiece(id, true));
            const auto recorded =
                recordActivations(*s.session, tokens, chosen, 0, s.model->hparams().nLayer - 1);
            s.session->clear();
            const nlohmann::json index =
                realm::exportActivations(dir.toStdString(), recorded, tokens, pieces);
            for (const auto& f : index["files"])
                out.files << QString::fromStdString(f["file"].get<std::string>());
            out.tokens = int(tokens.size());
        },
        &InterventionEngine::exported);
}

void InterventionEngine::ablate(const AblationRequest& req) {
    request<AblationResult>(
        "ablate",
        [req](State& s, const JobControl&, AblationResult& out) {
            std::vector<AblationTarget> targets;
            for (const AblationRequest::Target& t : req.targets) {
                using K = AblationRequest::Kind;
                using C = AblationTarget::Kind;
                const C kind = t.kind == K::Head        ? C::Head
                               : t.kind == K::Attention ? C::Attention
                               : t.kind == K::Ffn       ? C::Ffn
                                                        : C::Expert;
                targets.push_back({kind, t.layer, t.index});
            }
            if (targets.empty()) throw std::runtime_error("choose something to switch off");
            QStringList names;
            for (const AblationTarget& t : targets)
                names << QString::fromStdString(t.describe());
            out.targets = names.join(QStringLiteral(", "));
            const std::vector<int32_t> tokens = s.tokenize(req.prompt, "the prompt");
            out.pieces = s.pieces(tokens);
            Ablation ablation(targets, req.mean ? AblationMode::Mean : AblationMode::Zero,
                              s.model->hparams());
            const AblationComparison c =
                compareAblation(*s.session, tokens, ablation, size_t(std::max(1, req.topK)), true);
            for (const auto& t : c.top)
                out.top.push_back({t.id, s.piece(t.id), t.baseline, t.ablated});
            out.kl = c.kl;
            out.baselineTopId = c.baselineTop;
            out.ablatedTopId = c.ablatedTop;
            out.baselineTop = s.piece(c.baselineTop);
            out.ablatedTop = s.piece(c.ablatedTop);
            for (const auto& l : c.lens)
                out.lens.push_back({int(l.layer), l.baselineTop, l.ablatedTop, s.piece(l.baselineTop),
                                    s.piece(l.ablatedTop), l.kl});
        },
        &InterventionEngine::ablated);
}

JobHandle InterventionEngine::patch(const PatchRequest& req) {
    return request<PatchResult>(
        "patch",
        [req](State& s, const JobControl& control, PatchResult& out) {
            const std::vector<int32_t> clean = s.tokenize(req.clean, "the clean prompt");
            const std::vector<int32_t> corrupted = s.tokenize(req.corrupted, "the corrupted prompt");
            out.cleanPieces = s.pieces(clean);
            out.corruptedPieces = s.pieces(corrupted);
            if (clean.size() != corrupted.size())
                throw std::runtime_error(
                    tr("the clean prompt is %1 tokens (%2) and the corrupted one %3 (%4): patching compares "
                       "the same positions, so both must have the same number of tokens")
                        .arg(clean.size())
                        .arg(out.cleanPieces.join(QLatin1Char(' ')))
                        .arg(corrupted.size())
                        .arg(out.corruptedPieces.join(QLatin1Char(' ')))
                        .toStdString());
            const int32_t answer = s.answerToken(req.answer, "the answer");
            const int32_t wrong = s.answerToken(req.wrongAnswer, "the wrong answer");
            PatchSweepOptions options;
            if (req.head >= 0) {
                options.site = HookSite::AttnHeads;
                options.head = req.head;
            }
            const PatchSweep sweep =
                patchSweep(*s.session, clean, corrupted, answer, wrong, options, &control);
            out.firstLayer = int(sweep.firstLayer);
            out.layers = int(sweep.nLayers);
            out.positions = int(sweep.nPositions);
            out.recovered = QVector<double>(sweep.recovered.begin(), sweep.recovered.end());
            out.cleanDiff = sweep.cleanDiff;
            out.corruptedDiff = sweep.corruptedDiff;
            out.cancelled = sweep.cancelled;
        },
        &InterventionEngine::patched, [this](double f) { Q_EMIT patchProgress(f); });
}

void InterventionEngine::makeControlVector(const ControlVectorRequest& req) {
    request<ControlVectorResult>(
        "cvector",
        [req](State& s, const JobControl&, ControlVectorResult& out) {
            out.path = req.path;
            if (req.positive.size() != req.negative.size())
                throw std::runtime_error(
                    tr("%1 positive and %2 negative prompts: they must pair up, one of each "
                       "per line")
                        .arg(req.positive.size())
                        .arg(req.negative.size())
                        .toStdString());
            if (req.positive.isEmpty()) throw std::runtime_error("give at least one pair of prompts");
            std::vector<PromptPair> pairs;
            for (qsizetype i = 0; i < req.positive.size(); ++i)
                pairs.push_back({s.tokenizer->tokenize(req.positive.at(i).toStdString(), true, true),
                                 s.tokenizer->tokenize(req.negative.at(i).toStdString(), true, true)});
            // llama.cpp pads pairs with the last token of " ".
            const std::vector<int32_t> space = s.tokenizer->tokenize(" ", false, false);
            if (space.empty())
                throw std::runtime_error("the vocabulary has no token for \" \" to pad prompts with");
            const ControlVector cv = realm::makeControlVector(*s.session, pairs, space.back());
            s.session->clear();
            cv.save(req.path.toStdString());
            out.pairs = int(pairs.size());
            for (int64_t l = 0; l < int64_t(cv.directions.size()); ++l)
                if (cv.direction(l)) ++out.layers;
        },
        &InterventionEngine::controlVectorMade);
}

void InterventionEngine::routing(const QString& prompt) {
    request<RoutingResult>(
        "routing",
        [prompt](State& s, const JobControl&, RoutingResult& out) {
            const HParams& hp = s.model->hparams();
            if (hp.nExpert == 0)
                throw std::runtime_error(
                    "this model has no experts: routing exists only in mixture-of-experts "
                    "models (expert_count in the metadata)");
            const std::vector<int32_t> tokens = s.tokenize(prompt, "the prompt");
            const auto recorded =
                recordActivations(*s.session, tokens, {HookSite::MoeRouting}, 0, hp.nLayer - 1);
            s.session->clear();
            out.layers = int(hp.nLayer);
            out.tokens = int(tokens.size());
            out.experts = int(hp.nExpert);
            out.used = int(hp.nExpertUsed);
            out.pieces = s.pieces(tokens);
            out.weights.fill(0.0f, qsizetype(out.layers) * out.tokens * out.experts);
            // Layers without experts (dense layers in front of MoE ones) stay 0.
            for (const RecordedActivation& a : recorded)
                std::copy(a.values.begin(), a.values.end(),
                          out.weights.begin() + qsizetype(a.layer) * out.tokens * out.experts);
            out.load.fill(0.0f, qsizetype(out.layers) * out.experts);
            for (qsizetype i = 0; i < out.weights.size(); ++i)
                if (out.weights.at(i) > 0)
                    out.load[(i / (qsizetype(out.tokens) * out.experts)) * out.experts + i % out.experts] +=
                        1.0f / float(out.tokens);
        },
        &InterventionEngine::routed);
}

} // namespace realm::ui
