// realm-cli activations: the activations of a prompt, one .npy per (what, layer).
#include "command.h"
#include "intervention_common.h"
#include "json_output.h"

#include "interp/activation_export.h"

#include <algorithm>
#include <cstdio>

namespace realm::cli {

namespace {
int runActivations(const std::vector<std::string>& argv) {
    Args args(argv, {"--prompt", "--tokens", "--layers", "--what", "--out", "-t", "--ctx", "--kv"},
              {"--json"});
    auto model = Model::load(args.require(0, "MODEL"));
    if (!args.has("--out")) throw UsageError("--out DIR is required");
    const std::vector<HookSite> sites = parseSites(args.value("--what", "residual"));
    const LayerRange layers = parseLayerRange(args.value("--layers"), model->hparams().nLayer);
    PromptInput in = readPrompt(args, *model, true);
    auto pool = makePool(args);
    SessionOptions options = sessionOptions(args, pool.get(), KvType::F32);
    // Attention weights are recorded from one call, so the whole prompt is one batch.
    options.batchSize = std::max<int64_t>(options.batchSize, static_cast<int64_t>(in.tokens.size()));
    Session session(model, options);
    const std::vector<RecordedActivation> recorded =
        recordActivations(session, in.tokens, sites, layers.first, layers.last);
    const nlohmann::json index = exportActivations(args.value("--out"), recorded, in.tokens, tokenPieces(in));
    if (args.has("--json")) {
        printJson(index);
    } else {
        for (const auto& f : index["files"])
            std::printf("%s  %s\n", f["file"].get<std::string>().c_str(), f["shape"].dump().c_str());
        std::printf("%zu files and index.json in %s\n", index["files"].size(), args.value("--out").c_str());
    }
    return 0;
}

RegisterCommand activations(
    {"activations", "Export a prompt's activations as .npy files",
     "Usage: realm-cli activations MODEL (--prompt TEXT | --tokens ID,...) --out DIR\n"
     "                            [--layers A:B] [--what SITE,...] [--json] [-t THREADS] [--kv f32|f16]\n\n"
     "Runs the prompt once and writes DIR/<what>-<layer>.npy (float32) for every chosen site and\n"
     "layer, and DIR/index.json: {\"tokens\", \"pieces\", \"files\": [{\"file\", \"what\", \"layer\",\n"
     "\"shape\", \"dtype\"}]} (--json prints it).\n"
     "  --layers A:B  layers A…B-1 (A alone: one layer; A: to the last); default every layer\n"
     "  --what        residual (default; the layer's output, llama.cpp's l_out) [tokens, n_embd],\n"
     "                attn_out, ffn_out (what each branch adds to the residual) [tokens, n_embd],\n"
     "                attn_heads (each head's output before Wo) [tokens, n_head, head_dim],\n"
     "                attn_weights [n_head, tokens, tokens], moe_routing [tokens, n_expert],\n"
     "                expert_out (each chosen expert's output before its router weight, in\n"
     "                descending weight) [tokens, n_expert_used, n_embd]\n"
     "  --kv          KV cache precision (default f32)\n",
     runActivations});
} // namespace

} // namespace realm::cli
