#include "serve_server.h"

#include "json_output.h"
#include "serve_request.h"
#include "serve_response.h"

#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <httplib.h>

#include <cstdio>
#include <ctime>
#include <random>
#include <sys/socket.h>

namespace realm::cli {

namespace {
using json = nlohmann::json;

// Large enough for a long conversation, small enough that a runaway client cannot fill memory.
constexpr size_t kMaxBodyBytes = 8u << 20;
// Threads beyond the slots and the queue, so that refusals (503) and /health answer at once
// while every slot is generating.
constexpr size_t kSpareThreads = 4;

// Every byte of the longer string is compared whatever the others hold: the time taken does
// not tell how much of a guessed key was right.
bool sameSecret(const std::string& given, const std::string& key) {
    const size_t n = std::max(given.size(), key.size());
    unsigned diff = given.size() == key.size() ? 0u : 1u;
    for (size_t i = 0; i < n; ++i) {
        const unsigned a = i < given.size() ? static_cast<unsigned char>(given[i]) : 0u;
        const unsigned b = i < key.size() ? static_cast<unsigned char>(key[i]) : 0u;
        diff |= a ^ b;
    }
    return diff == 0;
}

void sendError(httplib::Response& res, const ApiError& error) {
    res.status = error.status();
    if (error.status() == 503) res.set_header("Retry-After", "1");
    res.set_content(dumpJson(error.body()), "application/json");
}

void logReply(Endpoint endpoint, bool streamed, const GenerationStats& s) {
    std::fprintf(
        stderr,
        "%s%s: %lld prompt tokens (%lld new), %lld generated, %.1f tokens/s, first token after %.3f s, "
        "stop: %s\n",
        endpoint == Endpoint::ChatCompletions ? "/v1/chat/completions" : "/v1/completions",
        streamed ? " (streamed)" : "", static_cast<long long>(s.promptTokens),
        static_cast<long long>(s.promptEvaluated), static_cast<long long>(s.generatedTokens),
        s.tokensPerSecond, s.timeToFirstTokenSeconds, stopReasonName(s.stopReason));
}
} // namespace

OpenAiServer::OpenAiServer(ServeOptions options, const Tokenizer& tokenizer, SlotPool& slots)
    : options_(std::move(options)), tokenizer_(tokenizer), slots_(slots),
      http_(std::make_unique<httplib::Server>()), nextId_(std::random_device()()) {
    const SlotPool::Counts c = slots_.counts();
    const size_t threads =
        static_cast<size_t>(c.slots) + static_cast<size_t>(slots_.queueLimit()) + kSpareThreads;
    http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_->set_payload_max_length(kMaxBodyBytes);
    // Called for the listening socket only: remembered so that bind() can widen its backlog.
    http_->set_socket_options([this](socket_t sock) {
        httplib::default_socket_options(sock);
        listenSocket_ = sock;
    });
    routes();
}

OpenAiServer::~OpenAiServer() = default;

int OpenAiServer::bind() {
    const std::string where = options_.host + ":" + std::to_string(options_.port);
    int port = options_.port;
    if (port == 0)
        port = http_->bind_to_any_port(options_.host);
    else if (!http_->bind_to_port(options_.host, port))
        port = -1;
    if (port <= 0)
        throw Error("serve: cannot listen on " + where + " (address in use, or not one of this machine's)");
    // httplib listens with a backlog of 5: a burst of clients overflows it and the kernel drops
    // their handshakes, which then take a minute of SYN-ACK retries. listen() again widens it.
    if (listenSocket_ >= 0) ::listen(listenSocket_, SOMAXCONN);
    return port;
}

void OpenAiServer::run() {
    http_->listen_after_bind();
}

void OpenAiServer::stop() {
    http_->stop();
}

ReplyHeader OpenAiServer::newHeader(Endpoint endpoint) {
    char id[32];
    std::snprintf(id, sizeof id, "%s-%016llx", endpoint == Endpoint::ChatCompletions ? "chatcmpl" : "cmpl",
                  static_cast<unsigned long long>(nextId_.fetch_add(1)));
    return {endpoint, id, options_.modelId, static_cast<int64_t>(std::time(nullptr))};
}

void OpenAiServer::routes() {
    http_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (options_.apiKey.empty() || req.path == "/health")
            return httplib::Server::HandlerResponse::Unhandled;
        const std::string auth = req.get_header_value("Authorization");
        const std::string bearer = "Bearer ";
        const std::string given =
            auth.compare(0, bearer.size(), bearer) == 0 ? auth.substr(bearer.size()) : "";
        if (sameSecret(given, options_.apiKey)) return httplib::Server::HandlerResponse::Unhandled;
        sendError(res, ApiError(401, "Incorrect API key provided (expected \"Authorization: Bearer KEY\")",
                                {}, "invalid_api_key"));
        return httplib::Server::HandlerResponse::Handled;
    });
    // Refusals httplib makes itself (413 body too large, 404 no such route, 400 bad request
    // line) get the same error shape as ours.
    http_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        const std::string message =
            res.status == 413 ? "the request body is larger than " + std::to_string(kMaxBodyBytes) + " bytes"
            : res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                                : "the request was refused (HTTP " + std::to_string(res.status) + ")";
        sendError(res, ApiError(res.status, message));
    });
    http_->Get("/health", [this](const httplib::Request&, httplib::Response& res) {
        const SlotPool::Counts c = slots_.counts();
        res.set_content(
            dumpJson({{"status", "ok"}, {"slots", c.slots}, {"slots_busy", c.busy}, {"queued", c.queued}}),
            "application/json");
    });
    http_->Get("/v1/models", [this](const httplib::Request&, httplib::Response& res) {
        const json model = {
            {"id", options_.modelId}, {"object", "model"}, {"created", 0}, {"owned_by", "realm-studio"}};
        res.set_content(dumpJson({{"object", "list"}, {"data", json::array({model})}}), "application/json");
    });
    http_->Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
        complete(Endpoint::ChatCompletions, req, res);
    });
    http_->Post("/v1/completions", [this](const httplib::Request& req, httplib::Response& res) {
        complete(Endpoint::Completions, req, res);
    });
}

void OpenAiServer::complete(Endpoint endpoint, const httplib::Request& req, httplib::Response& res) {
    ApiRequest request;
    try {
        request =
            parseApiRequest(endpoint, req.body, {tokenizer_, options_.chatTemplate, slots_.contextLength()});
    } catch (const ApiError& e) {
        return sendError(res, e);
    } catch (const std::exception& e) { // e.g. the tokenizer refusing the text
        return sendError(res, ApiError(400, e.what()));
    }
    std::shared_ptr<SlotPool::Lease> lease = slots_.acquire(request.prompt);
    if (!lease) {
        const SlotPool::Counts c = slots_.counts();
        return sendError(res, ApiError(503,
                                       "the server is busy (" + std::to_string(c.slots) +
                                           " slots generating, " + std::to_string(c.queued) +
                                           " requests waiting) or shutting down; retry later",
                                       {}, "server_busy"));
    }
    const ReplyHeader header = newHeader(endpoint);

    if (request.stream) {
        res.set_header("Cache-Control", "no-cache");
        // httplib calls this on the same thread once the handler returns; the lambda keeps the slot.
        res.set_chunked_content_provider(
            "text/event-stream", [this, request, lease, header](size_t, httplib::DataSink& sink) {
                const bool complete = stream(request, *lease, header, [&sink](const std::string& event) {
                    return sink.write(event.data(), event.size());
                });
                if (complete) sink.done();
                return complete;
            });
        return;
    }
    try {
        const GenerationResult r =
            generate(lease->session(), &tokenizer_, request.prompt, request.settings, {}, &lease->control());
        const json lp = request.topLogprobs >= 0
                            ? logprobsJson(endpoint, r.probabilities, request.topLogprobs, tokenizer_, 0)
                            : json();
        res.set_content(dumpJson(fullReply(header, r, lp)), "application/json");
        logReply(endpoint, false, r.stats);
    } catch (const std::exception& e) {
        sendError(res, ApiError(500, e.what()));
    }
}

bool OpenAiServer::stream(const ApiRequest& request, SlotPool::Lease& lease, const ReplyHeader& header,
                          const std::function<bool(const std::string&)>& write) {
    bool connected = true;
    const auto send = [&](const json& event) {
        // A failed write means the client has gone: stop generating for it.
        if (connected && !write("data: " + dumpJson(event) + "\n\n")) {
            connected = false;
            lease.control().cancel();
        }
    };
    if (header.endpoint == Endpoint::ChatCompletions) send(streamChunk(header, "", json(), nullptr, true));
    size_t textOffset = 0;
    const TokenCallback onToken = [&](const StreamedToken& t) {
        json logprobs;
        if (request.topLogprobs >= 0 && t.id >= 0) {
            logprobs = logprobsJson(header.endpoint, {&t.probabilities, 1}, request.topLogprobs, tokenizer_,
                                    textOffset);
            textOffset += tokenizer_.tokenToPiece(t.id).size();
        }
        if (!t.text.empty() || !logprobs.is_null())
            send(streamChunk(header, t.text, logprobs, nullptr, false));
    };
    try {
        const GenerationResult r = generate(lease.session(), &tokenizer_, request.prompt, request.settings,
                                            onToken, &lease.control());
        send(streamChunk(header, "", json(), finishReason(r.stats.stopReason), false));
        if (request.includeUsage) send(usageChunk(header, r.stats));
        if (connected && !write("data: [DONE]\n\n")) connected = false;
        logReply(header.endpoint, true, r.stats);
    } catch (const std::exception& e) {
        send(ApiError(500, e.what()).body());
    }
    return connected;
}

} // namespace realm::cli
