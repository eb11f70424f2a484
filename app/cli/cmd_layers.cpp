// realm-cli layers: what each layer does to the residual stream, with a logit lens.
#include "command.h"
#include "engine_common.h"
#include "json_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace realm::cli {

namespace {
struct LensEntry {
    int32_t id;
    float logit;
};

// Per position: the residual's L2 norm and the top-5 of final norm + output projection.
void describe(Session& session, const std::vector<float>& hidden, int64_t nTokens, std::vector<double>& norms,
              std::vector<std::vector<LensEntry>>& lens) {
    const int64_t E = session.hparams().nEmbd, V = session.hparams().nVocab;
    norms.assign(static_cast<size_t>(nTokens), 0.0);
    for (int64_t t = 0; t < nTokens; ++t) {
        double ss = 0;
        for (int64_t i = 0; i < E; ++i)
            ss += static_cast<double>(hidden[static_cast<size_t>(t * E + i)]) *
                  hidden[static_cast<size_t>(t * E + i)];
        norms[static_cast<size_t>(t)] = std::sqrt(ss);
    }
    const std::vector<float> logits = session.logits(hidden);
    lens.assign(static_cast<size_t>(nTokens), {});
    std::vector<int32_t> ids(static_cast<size_t>(V));
    for (int64_t t = 0; t < nTokens; ++t) {
        const float* l = logits.data() + t * V;
        std::iota(ids.begin(), ids.end(), 0);
        std::partial_sort(ids.begin(), ids.begin() + 5, ids.end(),
                          [l](int32_t a, int32_t b) { return l[a] > l[b] || (l[a] == l[b] && a < b); });
        for (int k = 0; k < 5 && k < V; ++k)
            lens[static_cast<size_t>(t)].push_back(
                {ids[static_cast<size_t>(k)], l[ids[static_cast<size_t>(k)]]});
    }
}

int runLayers(const std::vector<std::string>& argv) {
    Args args(argv, {"--prompt", "--tokens", "-t", "--ctx", "--kv"}, {"--json"});
    auto model = Model::load(args.require(0, "MODEL"));
    PromptInput in = readPrompt(args, *model, false);
    auto pool = makePool(args);
    Session session(model, sessionOptions(args, pool.get(), KvType::F32));
    const int64_t n = static_cast<int64_t>(in.tokens.size());
    if (n > session.contextLength()) throw UsageError("the prompt is longer than the context length");
    std::vector<int32_t> positions(static_cast<size_t>(n));
    std::iota(positions.begin(), positions.end(), 0);

    const auto piece = [&](int32_t id) {
        return in.tokenizer ? in.tokenizer->tokenToPiece(id, true) : std::string();
    };
    nlohmann::json layers = nlohmann::json::array();
    std::vector<double> norms;
    std::vector<std::vector<LensEntry>> lens;
    std::vector<float> hidden = session.embed(in.tokens);
    // Layer -1 is the embedding itself; layer i is the residual after block i.
    for (int64_t layer = -1; layer < model->hparams().nLayer; ++layer) {
        if (layer >= 0) session.forwardLayer(layer, hidden, positions);
        describe(session, hidden, n, norms, lens);
        nlohmann::json positionsJson = nlohmann::json::array();
        for (int64_t t = 0; t < n; ++t) {
            nlohmann::json top = nlohmann::json::array();
            for (const auto& e : lens[static_cast<size_t>(t)]) {
                nlohmann::json j = {{"id", e.id}, {"logit", e.logit}};
                if (in.tokenizer) j["piece"] = piece(e.id);
                top.push_back(j);
            }
            positionsJson.push_back({{"position", t},
                                     {"token", in.tokens[static_cast<size_t>(t)]},
                                     {"residual_norm", norms[static_cast<size_t>(t)]},
                                     {"logit_lens_top5", top}});
        }
        layers.push_back({{"layer", layer},
                          {"name", layer < 0 ? std::string("embedding") : "blk." + std::to_string(layer)},
                          {"positions", positionsJson}});
        if (!args.has("--json")) {
            std::printf("%-10s", layer < 0 ? "embedding" : ("blk." + std::to_string(layer)).c_str());
            for (int64_t t = 0; t < n; ++t)
                std::printf("  |%8.3f %6d", norms[static_cast<size_t>(t)],
                            lens[static_cast<size_t>(t)][0].id);
            std::printf("\n");
        }
    }
    if (args.has("--json")) printJson({{"tokens", in.tokens}, {"layers", layers}});
    return 0;
}

RegisterCommand layers(
    {"layers", "Residual norms and logit lens, layer by layer",
     "Usage: realm-cli layers MODEL (--prompt TEXT | --tokens ID,ID,...) [--json] [-t THREADS]\n\n"
     "For the embedding and the residual after every layer: the L2 norm per position and the\n"
     "top 5 tokens of the logit lens (final norm + output projection of that residual).\n"
     "  --json  {\"tokens\", \"layers\": [{\"layer\", \"name\", \"positions\": [{\"position\", \"token\",\n"
     "           \"residual_norm\", \"logit_lens_top5\": [{\"id\", \"logit\", \"piece\"}]}]}]}\n"
     "  (layer -1 is the embedding)\n",
     runLayers});
} // namespace

} // namespace realm::cli
