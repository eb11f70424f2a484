// realm-cli chat: an interactive terminal chat that streams the reply.
#include "command.h"
#include "engine_common.h"
#include "intervention_common.h"
#include "token_alternatives.h"

#include "runtime/chat_session.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

namespace realm::cli {

namespace {
// One control per reply; the handler only stores to its atomic flag (async-signal-safe).
std::atomic<JobControl*> gReply{nullptr};
extern "C" void onInterrupt(int) {
    if (JobControl* reply = gReply.load()) reply->cancel();
}

int runChat(const std::vector<std::string>& argv) {
    Args args(
        argv,
        withSteeringOptions(withSamplerOptions({"-n", "--system", "-t", "--ctx", "--kv", "--alternatives"})),
        {});
    const SamplerSettings sampling = samplerSettings(args); // bad values fail before the model loads
    const size_t alternatives = alternativesOption(args);
    auto model = Model::load(args.require(0, "MODEL"));
    auto tokenizer = Tokenizer::fromGguf(model->file());
    auto pool = makePool(args);
    const auto steering = steeringFromArgs(args, model->hparams());
    Session session(model, sessionOptions(args, pool.get(), KvType::F16));
    if (steering) session.addHook(steering.get());
    ChatSession chat(session, *tokenizer);
    if (args.has("--system")) chat.setSystemPrompt(args.value("--system"));

    GenerationSettings g;
    g.maxTokens = args.intValue("-n", 512);
    g.sampler = sampling;
    g.alternatives = alternatives;
    std::signal(SIGINT, onInterrupt); // Ctrl-C stops the reply, not the program

    std::fprintf(stderr, "Chatting with %s (%s). Empty line or Ctrl-D quits; Ctrl-C stops a reply.\n",
                 model->file().path().c_str(), model->hparams().archName.c_str());
    std::string line;
    for (;;) {
        std::fprintf(stderr, "\n> ");
        if (!std::getline(std::cin, line) || line.empty()) break;
        JobControl reply;
        gReply = &reply;
        try {
            const GenerationResult r = chat.send(
                line, g,
                [](const StreamedToken& t) {
                    std::fwrite(t.text.data(), 1, t.text.size(), stdout);
                    std::fflush(stdout);
                },
                &reply);
            if (g.alternatives > 0) {
                std::fputc('\n', stderr);
                printAlternatives(stderr, r.probabilities, *tokenizer);
            }
            std::fprintf(stderr, "\n[%lld new prompt tokens, %lld generated, %.1f tokens/s, %s]\n",
                         static_cast<long long>(r.stats.promptEvaluated),
                         static_cast<long long>(r.stats.generatedTokens), r.stats.tokensPerSecond,
                         stopReasonName(r.stats.stopReason));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "\nerror: %s\n", e.what());
        }
        gReply = nullptr;
    }
    return 0;
}

RegisterCommand chat(
    {"chat", "Interactive chat in the terminal",
     "Usage: realm-cli chat MODEL [--system TEXT] [-n N] [--temp T] [--top-k K] [--top-p P] [--min-p P]\n"
     "       [--repeat-penalty R] [--repeat-last-n N] [--seed S] [-t THREADS] [--ctx N] [--kv f16|f32]\n"
     "       [--control-vector FILE[:S]] [--control-vector-layers A:B] [--alternatives N]\n\n"
     "Reads one user message per line, renders the conversation with the model's chat template and\n"
     "streams the reply. The KV cache is reused between turns: only new tokens are "
     "evaluated.\n"
     "  --alternatives N  after each reply, every token's probability and the N most likely tokens\n"
     "                    before the sampling chain (* = kept by the chain)\n" REALM_STEERING_USAGE,
     runChat});
} // namespace

} // namespace realm::cli
