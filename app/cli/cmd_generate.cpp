// realm-cli generate: sample a continuation of a prompt.
#include "command.h"
#include "engine_common.h"
#include "json_output.h"

#include "chat/chat_template.h"
#include "runtime/chat_session.h"
#include "runtime/generator.h"

#include <cstdio>

namespace realm::cli {

namespace {
int runGenerate(const std::vector<std::string>& argv) {
    Args args(argv, withSamplerOptions({"--prompt", "--tokens", "-n", "--stop", "-t", "--ctx", "--kv"}),
              {"--chat", "--json", "--ignore-eos"});
    const SamplerSettings sampling = samplerSettings(args); // bad values fail before the model loads
    auto model = Model::load(args.require(0, "MODEL"));
    if (args.has("--chat") && !args.has("--prompt")) throw UsageError("--chat needs --prompt");
    PromptInput in;
    if (args.has("--chat")) {
        in.tokenizer = Tokenizer::fromGguf(model->file());
        // One user message through the model's template, as ChatSession renders it.
        std::string tmpl = model->file().getString("tokenizer.chat_template");
        if (tmpl.empty()) tmpl = chatMlTemplate();
        ChatTemplateOptions o;
        if (in.tokenizer->bos() >= 0) o.bosToken = std::string(in.tokenizer->tokenText(in.tokenizer->bos()));
        if (in.tokenizer->eos() >= 0) o.eosToken = std::string(in.tokenizer->tokenText(in.tokenizer->eos()));
        const std::string text = renderChatTemplate(tmpl, {{"user", args.value("--prompt")}}, o);
        in.tokens = in.tokenizer->tokenize(text, false, true);
        if (in.tokenizer->addBos() && in.tokenizer->bos() >= 0 &&
            (in.tokens.empty() || in.tokens.front() != in.tokenizer->bos()))
            in.tokens.insert(in.tokens.begin(), in.tokenizer->bos());
    } else {
        in = readPrompt(args, *model, true);
    }

    GenerationSettings g;
    g.maxTokens = args.intValue("-n", 128);
    if (g.maxTokens < 0) throw UsageError("-n must not be negative");
    g.sampler = sampling;
    g.stopAtEndOfGeneration = !args.has("--ignore-eos");
    if (args.has("--stop")) g.stopStrings.push_back(args.value("--stop"));

    auto pool = makePool(args);
    Session session(model, sessionOptions(args, pool.get(), KvType::F16));
    const bool json = args.has("--json");
    const auto stream = [](const StreamedToken& t) {
        std::fwrite(t.text.data(), 1, t.text.size(), stdout);
        std::fflush(stdout);
    };
    GenerationResult r =
        generate(session, in.tokenizer.get(), in.tokens, g, json ? TokenCallback() : TokenCallback(stream));
    if (json) {
        printJson({{"prompt_tokens", in.tokens},
                   {"tokens", r.tokens},
                   {"text", r.text},
                   {"stop_reason", stopReasonName(r.stats.stopReason)},
                   {"prompt_tokens_per_s", r.stats.promptTokensPerSecond},
                   {"tokens_per_s", r.stats.tokensPerSecond},
                   {"time_to_first_token_s", r.stats.timeToFirstTokenSeconds}});
    } else {
        std::printf("\n");
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
     "       [--seed S] [--stop TEXT] [--chat] [--ignore-eos] [--json] [-t THREADS] [--ctx N] [--kv "
     "f16|f32]\n\n"
     "Streams the continuation to stdout (default 128 tokens). --temp 0 is greedy; the same seed and\n"
     "settings give the same text. Stops at end-of-generation tokens (unless --ignore-eos) and --stop.\n"
     "  --chat   wrap --prompt as one user message in the model's chat template\n"
     "  --json   {\"prompt_tokens\": [...], \"tokens\": [...], \"text\", \"stop_reason\", \"tokens_per_s\", "
     "...}\n"
     "  --ctx    context length (default: the model's, at most 4096)\n",
     runGenerate});
} // namespace

} // namespace realm::cli
