// realm-cli chat: an interactive terminal chat that streams the reply.
#include "command.h"
#include "engine_common.h"

#include "runtime/chat_session.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

namespace realm::cli {

namespace {
std::atomic<bool> gCancel{false};
extern "C" void onInterrupt(int) {
    gCancel = true;
}

int runChat(const std::vector<std::string>& argv) {
    Args args(argv, withSamplerOptions({"-n", "--system", "-t", "--ctx", "--kv"}), {});
    const SamplerSettings sampling = samplerSettings(args); // bad values fail before the model loads
    auto model = Model::load(args.require(0, "MODEL"));
    auto tokenizer = Tokenizer::fromGguf(model->file());
    auto pool = makePool(args);
    Session session(model, sessionOptions(args, pool.get(), KvType::F16));
    ChatSession chat(session, *tokenizer);
    if (args.has("--system")) chat.setSystemPrompt(args.value("--system"));

    GenerationSettings g;
    g.maxTokens = args.intValue("-n", 512);
    g.sampler = sampling;
    std::signal(SIGINT, onInterrupt); // Ctrl-C stops the reply, not the program

    std::fprintf(stderr, "Chatting with %s (%s). Empty line or Ctrl-D quits; Ctrl-C stops a reply.\n",
                 model->file().path().c_str(), model->hparams().archName.c_str());
    std::string line;
    for (;;) {
        std::fprintf(stderr, "\n> ");
        if (!std::getline(std::cin, line) || line.empty()) break;
        gCancel = false;
        try {
            const GenerationResult r = chat.send(
                line, g,
                [](const StreamedToken& t) {
                    std::fwrite(t.text.data(), 1, t.text.size(), stdout);
                    std::fflush(stdout);
                },
                &gCancel);
            std::fprintf(stderr, "\n[%lld new prompt tokens, %lld generated, %.1f tokens/s, %s]\n",
                         static_cast<long long>(r.stats.promptEvaluated),
                         static_cast<long long>(r.stats.generatedTokens), r.stats.tokensPerSecond,
                         stopReasonName(r.stats.stopReason));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "\nerror: %s\n", e.what());
        }
    }
    return 0;
}

RegisterCommand chat(
    {"chat", "Interactive chat in the terminal",
     "Usage: realm-cli chat MODEL [--system TEXT] [-n N] [--temp T] [--top-k K] [--top-p P] [--min-p P]\n"
     "       [--repeat-penalty R] [--repeat-last-n N] [--seed S] [-t THREADS] [--ctx N] [--kv f16|f32]\n\n"
     "Reads one user message per line, renders the conversation with the model's chat template and\n"
     "streams the reply. The KV cache is reused between turns: only new tokens are evaluated.\n",
     runChat});
} // namespace

} // namespace realm::cli
