// realm-cli generate: sample a continuation of a prompt.
#include "command.h"
#include "engine_common.h"
#include "intervention_common.h"
#include "json_output.h"
#include "token_alternatives.h"

#include "chat/chat_template.h"
#include "runtime/chat_session.h"
#include "runtime/generator.h"

#include <cstdio>

namespace realm::cli {

namespace {
int runGenerate(const std::vector<std::string>& argv) {
    Args args(argv,
              withSteeringOptions(withSamplerOptions(
                  {"--prompt", "--tokens", "-n", "--stop", "-t", "--ctx", "--kv", "--alternatives"})),
              {"--chat", "--json", "--ignore-eos"});
    const SamplerSettings sampling = samplerSettings(args); // bad values fail before the model loads
    const size_t alternatives = alternativesOption(args);
    auto model = Model::load(args.require(0, "MODEL"));
    if (args.has("--chat") && !args.has("--prompt")) throw UsageError("--chat needs --prompt");
    PromptInput in;
    if (args.has("--chat")) {
        in.tokenizer = Tokenizer::fromGguf(model->file());
        // One user message through the model's template, as ChatSession renders it.
        std::string tmpl = model->file().getString("tokenizer.chat_template");
        if (tmpl.empty()) tmpl = chatMlTemplate();
        const std::string text =
            renderChatTemplate(tmpl, {{"user", args.value("--prompt")}}, chatTemplateOptions(*in.tokenizer));
        in.tokens = chatPromptTokens(*in.tokenizer, text);
    } else {
        in = readPrompt(args, *model, true);
    }

    GenerationSettings g;
    g.maxTokens = args.intValue("-n", 128);
    if (g.maxTokens < 0) throw UsageError("-n must not be negative");
    g.sampler = sampling;
    g.stopAtEndOfGeneration = !args.has("--ignore-eos");
    if (args.has("--stop")) g.stopStrings.push_back(args.value("--stop"));
    g.alternatives = alternatives;

    const auto steering = steeringFromArgs(args, model->hparams());
    auto pool = makePool(args);
    Session session(model, sessionOptions(args, pool.get(), KvType::F16));
    if (steering) session.addHook(steering.get());
    const bool json = args.has("--json");
    const auto stream = [](const StreamedToken& t) {
        std::fwrite(t.text.data(), 1, t.text.size(), stdout);
        std::fflush(stdout);
    };
    GenerationResult r =
        generate(session, in.tokenizer.get(), in.tokens, g, json ? TokenCallback() : TokenCallback(stream));
    if (json) {
        nlohmann::json j{{"prompt_tokens", in.tokens},
                         {"tokens", r.tokens},
                         {"text", r.text},
                         {"stop_reason", stopReasonName(r.stats.stopReason)},
                         {"prompt_tokens_per_s", r.stats.promptTokensPerSecond},
                         {"tokens_per_s", r.stats.tokensPerSecond},
                         {"time_to_first_token_s", r.stats.timeToFirstTokenSeconds}};
        if (g.alternatives > 0) j["alternatives"] = alternativesJson(r.probabilities, in.tokenizer.get());
        printJson(j);
    } else {
        std::printf("\n");
        if (g.alternatives > 0 && in.tokenizer) printAlternatives(stderr, r.probabilities, *in.tokenizer);
        std::fprintf(
            stderr,
            "[%lld prompt tokens, %lld generated, %.1f tokens/s, first token after %.3f s, stop: %s]\n",
            static_cast<long long>(r.stats.promptTokens), static_cast<long long>(r.stats.generatedTokens),
            r.stats.tokensPerSecond, r.stats.timeToFirstTokenSeconds, stopReasonName(r.stats.stopReason));
    }
    return 0;
}

RegisterCommand generate(
    {"generate", "Generate text after a prompt",
     "Usage: realm-cli generate MODEL (--prompt TEXT | --tokens ID,ID,...) [-n N] [--temp T]\n"
     "       [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--repeat-last-n N]\n"
     "       [--seed S] [--stop TEXT] [--chat] [--ignore-eos] [--alternatives N] [--json] [-t THREADS]\n"
     "       [--ctx N] [--kv f16|f32]\n       [--control-vector FILE[:S]] [--control-vector-layers A:B]\n\n"
     "Streams the continuation to stdout (default 128 tokens). --temp 0 is greedy; the same seed and\n"
     "settings give the same text. Stops at end-of-generation tokens (unless --ignore-eos) and --stop.\n"
     "  --chat   wrap --prompt as one user message in the model's chat template\n"
     "  --json   {\"prompt_tokens\": [...], \"tokens\": [...], \"text\", \"stop_reason\", \"tokens_per_s\", "
     "...}\n"
     "  --alternatives N  each token's probability and the N most likely tokens before the sampling\n"
     "           chain, marked kept if the chain left them to draw from (JSON: \"alternatives\": [{\"id\",\n"
     "           \"piece\", \"p\", \"top\": [{\"id\", \"piece\", \"p\", \"kept\"}]}]; else a table on "
     "stderr)\n"
     "  --ctx    context length (default: the model's, at most 4096)\n" REALM_STEERING_USAGE,
     runGenerate});
} // namespace

} // namespace realm::cli
