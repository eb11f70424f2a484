// realm-cli serve: the model behind an OpenAI-compatible HTTP API.
#include "command.h"
#include "engine_common.h"
#include "serve_server.h"
#include "serve_slots.h"

#include "chat/chat_template.h"
#include "runtime/chat_session.h"
#include "util/error.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <pthread.h>
#include <thread>

namespace realm::cli {

namespace {
// The model's template, or ChatML when it has none or one this engine cannot parse (so that
// chat requests still work, as in `realm-cli chat`).
std::string chatTemplate(const Model& model) {
    const std::string source = model.file().getString("tokenizer.chat_template");
    if (source.empty()) return chatMlTemplate();
    try {
        checkChatTemplateSyntax(source);
        return source;
    } catch (const Error& e) {
        std::fprintf(stderr, "serve: the model's chat template does not parse (%s); using ChatML\n",
                     e.what());
        return chatMlTemplate();
    }
}

int runServe(const std::vector<std::string>& argv) {
    Args args(argv, {"--host", "--port", "--api-key", "--parallel", "--queue", "-t", "--ctx", "--kv"}, {});
    ServeOptions o;
    o.host = args.value("--host", o.host);
    o.port = static_cast<int>(args.intValue("--port", o.port));
    if (o.port < 0 || o.port > 65535) throw UsageError("--port expects 0 (any free port) to 65535");
    o.apiKey = args.value("--api-key");
    const long long parallel = args.intValue("--parallel", 1), queue = args.intValue("--queue", 8);
    if (parallel < 1 || parallel > 64) throw UsageError("--parallel expects 1 to 64 slots");
    if (queue < 0 || queue > 4096) throw UsageError("--queue expects 0 to 4096 waiting requests");
    const std::string path = args.require(0, "MODEL");

    // SIGINT/SIGTERM are blocked before any thread starts, so only the watcher below takes them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN); // a client gone mid-reply is a failed write, not the end of the server

    auto model = Model::load(path);
    auto tokenizer = Tokenizer::fromGguf(model->file());
    auto pool = makePool(args);
    SlotPool slots(model, sessionOptions(args, pool.get(), KvType::F16), static_cast<int>(parallel),
                   static_cast<int>(queue));
    o.modelId = std::filesystem::path(path).filename().string();
    o.chatTemplate = chatTemplate(*model);

    OpenAiServer server(o, *tokenizer, slots);
    const int port = server.bind();
    std::printf("realm-cli serve: %s on http://%s:%d/v1 (%lld slots of %lld tokens, queue %lld)\n",
                o.modelId.c_str(), o.host.c_str(), port, parallel,
                static_cast<long long>(slots.contextLength()), queue);
    std::fflush(stdout);
    if (o.host != "127.0.0.1" && o.host != "localhost" && o.host != "::1" && o.apiKey.empty())
        std::fprintf(stderr,
                     "serve: listening beyond loopback without --api-key: anyone who reaches %s can use it\n",
                     o.host.c_str());

    std::thread watcher([&] {
        int signal = 0;
        sigwait(&stopSignals, &signal);
        slots.shutdown(); // running replies end now, waiting requests get 503
        server.stop();
    });
    server.run();
    slots.shutdown();
    pthread_kill(watcher.native_handle(), SIGTERM); // wakes the watcher if no signal came
    watcher.join();
    std::fprintf(stderr, "serve: stopped\n");
    return 0;
}

RegisterCommand
    serve({"serve", "Serve the model over an OpenAI-compatible HTTP API",
           "Usage: realm-cli serve MODEL [--host 127.0.0.1] [--port 8080] [--api-key KEY] [--parallel N]\n"
           "       [--queue N] [-t THREADS] [--ctx N] [--kv f16|f32]\n\n"
           "Endpoints: GET /v1/models, POST /v1/chat/completions, POST /v1/completions (\"stream\": true\n"
           "for server-sent events), GET /health. Requests take temperature, top_p, top_k, min_p, seed,\n"
           "stop, max_tokens, logprobs/top_logprobs, stream_options.include_usage and ignore_eos;\n"
           "chat messages are rendered with the model's chat template.\n"
           "  --host      address to listen on (default loopback only)\n"
           "  --port      0 picks a free port (printed on stdout)\n"
           "  --api-key   requests to /v1/* need \"Authorization: Bearer KEY\" (else 401)\n"
           "  --parallel  slots generating at once, each with its own KV cache of --ctx tokens (default 1)\n"
           "  --queue     requests that may wait for a slot (default 8); beyond that: 503\n"
           "SIGINT/SIGTERM stop running replies and shut the server down.\n",
           runServe});
} // namespace

} // namespace realm::cli
