// realm-cli cvector: llama.cpp-compatible control vectors (steering), applied or made.
#include "command.h"
#include "intervention_common.h"
#include "json_output.h"

#include "interp/control_vector_maker.h"
#include "interp/logit_compare.h"
#include "interp/scoped_hook.h"
#include "util/error.h"

#include <cstdio>
#include <fstream>

namespace realm::cli {

namespace {
// One prompt per non-empty line, with \n \t \r \\ \" \' escapes, as llama-cvector-generator reads them.
std::vector<std::string> readPromptLines(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("cannot open " + path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        std::string text;
        for (size_t i = 0; i < line.size(); ++i) {
            if (line[i] != '\\' || i + 1 == line.size()) {
                text += line[i];
                continue;
            }
            const char c = line[++i];
            text += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
        }
        lines.push_back(text);
    }
    return lines;
}

int runMake(const Args& args, const std::shared_ptr<const Model>& model) {
    if (!args.has("--positive-file") || !args.has("--negative-file") || !args.has("-o"))
        throw UsageError("make needs --positive-file, --negative-file and -o");
    const auto positive = readPromptLines(args.value("--positive-file"));
    const auto negative = readPromptLines(args.value("--negative-file"));
    if (positive.size() != negative.size())
        throw Error("--positive-file has " + std::to_string(positive.size()) + " prompts, --negative-file " +
                    std::to_string(negative.size()) + "; they must pair up");
    const auto tokenizer = Tokenizer::fromGguf(model->file());
    std::vector<PromptPair> pairs;
    for (size_t i = 0; i < positive.size(); ++i)
        pairs.push_back(
            {tokenizer->tokenize(positive[i], true, true), tokenizer->tokenize(negative[i], true, true)});
    const std::vector<int32_t> space = tokenizer->tokenize(" ", false, false);
    if (space.empty()) throw Error("the vocabulary has no token for \" \" to pad prompts with");
    auto pool = makePool(args);
    Session session(model, sessionOptions(args, pool.get(), KvType::F32));
    const ControlVector cv = makeControlVector(session, pairs, space.back());
    cv.save(args.value("-o"));
    nlohmann::json layers = nlohmann::json::array();
    for (int64_t l = 0; l < static_cast<int64_t>(cv.directions.size()); ++l)
        if (cv.direction(l)) layers.push_back(l);
    if (args.has("--json"))
        printJson({{"file", args.value("-o")},
                   {"model_hint", cv.modelHint},
                   {"n_embd", cv.nEmbd},
                   {"pairs", pairs.size()},
                   {"layers", layers}});
    else
        std::printf("%s: %zu directions of %lld values from %zu pairs\n", args.value("-o").c_str(),
                    layers.size(), static_cast<long long>(cv.nEmbd), pairs.size());
    return 0;
}

int runApply(const Args& args, const std::shared_ptr<const Model>& model) {
    const HParams& hp = model->hparams();
    const std::string file = args.require(2, "VECTOR.gguf");
    const float strength = static_cast<float>(args.doubleValue("--strength", 1.0));
    const LayerRange layers = parseLayerRange(args.value("--layers"), hp.nLayer);
    const long long steps = args.intValue("-n", 16);
    const long long topK = args.intValue("--top", 10);
    if (steps < 0 || topK < 1) throw UsageError("-n must not be negative and --top at least 1");
    PromptInput in = readPrompt(args, *model, true);
    Steering steering(ControlVector::load(file), strength, layers.first, layers.last, hp.nEmbd);
    auto pool = makePool(args);
    Session session(model, sessionOptions(args, pool.get(), KvType::F32));
    ScopedHook installed(session, steering);
    const std::vector<float> logits = session.evaluate(in.tokens);
    const std::vector<int32_t> top = topTokens(logits, static_cast<size_t>(topK));
    // Greedy continuation, the prompt's KV cache reused, EOS not special (as the conformance refs).
    std::vector<int32_t> greedy;
    if (steps > 0) greedy.push_back(top.front());
    while (static_cast<long long>(greedy.size()) < steps) {
        const std::vector<float>& next = session.evaluate(std::span<const int32_t>(&greedy.back(), 1));
        greedy.push_back(topTokens(next, 1).front());
    }
    std::string text;
    for (int32_t id : greedy)
        text += in.tokenizer->tokenToPiece(id, true);
    if (args.has("--json")) {
        nlohmann::json topJson = nlohmann::json::array();
        for (int32_t id : top)
            topJson.push_back({{"id", id}, {"logit", logits[static_cast<size_t>(id)]}});
        printJson({{"tokens", in.tokens}, {"top", topJson}, {"greedy", greedy}, {"text", text}});
    } else {
        for (int32_t id : top)
            std::printf("%8d  %12.6f  %s\n", id, static_cast<double>(logits[static_cast<size_t>(id)]),
                        in.tokenizer->tokenToPiece(id, true).c_str());
        std::printf("greedy: %s\n", text.c_str());
    }
    return 0;
}

int runCvector(const std::vector<std::string>& argv) {
    Args args(argv,
              {"--prompt", "--tokens", "--strength", "--layers", "-n", "--top", "--positive-file",
               "--negative-file", "-o", "-t", "--ctx", "--kv"},
              {"--json"});
    const std::string& action = args.require(0, "apply or make");
    if (action != "apply" && action != "make")
        throw UsageError("unknown action '" + action + "' (apply or make)");
    auto model = Model::load(args.require(1, "MODEL"));
    return action == "make" ? runMake(args, model) : runApply(args, model);
}

RegisterCommand cvector(
    {"cvector", "Apply or make a llama.cpp control vector (steering)",
     "Usage: realm-cli cvector apply MODEL VECTOR.gguf (--prompt TEXT | --tokens ID,...)\n"
     "                               [--strength S] [--layers A:B] [-n N] [--top K] [--json]\n"
     "       realm-cli cvector make MODEL --positive-file F --negative-file F -o OUT.gguf [--json]\n\n"
     "apply: strength · direction.<layer> is added to the output of every layer in A…B-1 that has a\n"
     "  direction, as llama.cpp's --control-vector-scaled VECTOR.gguf:S --control-vector-layer-range\n"
     "  A B-1 does (its default range covers every layer). Prints the prompt's top logits and an\n"
     "  N-token greedy continuation (default 16).\n"
     "  --json  {\"tokens\", \"top\": [{\"id\", \"logit\"}], \"greedy\": [ids], \"text\"}\n"
     "make: llama-cvector-generator --method mean on the prompt pairs (one prompt per line, the\n"
     "  files pair up line by line); writes the same GGUF (direction.1 … direction.<n_layer-1>).\n"
     "  --json  {\"file\", \"model_hint\", \"n_embd\", \"pairs\", \"layers\"}\n"
     "  --kv    KV cache precision (default f32)\n",
     runCvector});
} // namespace

} // namespace realm::cli
