#include "llama_bench_baseline.h"

#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace realm::cli {

namespace {
std::string runCapturingStdout(const std::vector<std::string>& argv, rusage& usage, int& status) {
    int out[2];
    if (pipe(out) != 0) throw Error(argv[0] + ": cannot create a pipe: " + std::strerror(errno));
    const pid_t pid = fork();
    if (pid < 0) throw Error(argv[0] + ": cannot fork: " + std::strerror(errno));
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        std::fprintf(stderr, "%s: %s\n", argv[0].c_str(), std::strerror(errno));
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t got; (got = read(out[0], buffer, sizeof buffer)) != 0;) {
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) break;
        text.append(buffer, static_cast<size_t>(got));
    }
    close(out[0]);
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    return text;
}
} // namespace

LlamaBenchResult runLlamaBench(const std::string& llamaBench, const std::string& model, long long p,
                               long long n, long long depth, int threads) {
    if (access(llamaBench.c_str(), X_OK) != 0)
        throw Error(llamaBench + ": not an executable llama-bench (" + std::strerror(errno) + ")");
    const std::vector<std::string> argv = {llamaBench,
                                           "-m",
                                           model,
                                           "-p",
                                           std::to_string(p),
                                           "-n",
                                           std::to_string(n),
                                           "-d",
                                           std::to_string(depth),
                                           "-t",
                                           std::to_string(threads),
                                           "-r",
                                           "1",
                                           "-o",
                                           "json"};
    rusage usage{};
    int status = 0;
    const std::string text = runCapturingStdout(argv, usage, status);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw Error(llamaBench + ": failed (" +
                    (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                       : "signal " + std::to_string(WTERMSIG(status))) +
                    ")");
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_array()) throw Error(llamaBench + ": output is not llama-bench's JSON array");
    LlamaBenchResult r;
    for (const auto& test : doc) {
        const double speed = test.value("avg_ts", 0.0);
        if (test.value("n_prompt", 0) > 0 && test.value("n_gen", 0) == 0) r.ppTokensPerSecond = speed;
        if (test.value("n_gen", 0) > 0 && test.value("n_prompt", 0) == 0) r.tgTokensPerSecond = speed;
    }
    if ((p > 0 && r.ppTokensPerSecond <= 0) || (n > 0 && r.tgTokensPerSecond <= 0))
        throw Error(llamaBench + ": no " + (p > 0 && r.ppTokensPerSecond <= 0 ? "pp" : "tg") +
                    " result in its JSON output");
    r.peakRssBytes = static_cast<double>(usage.ru_maxrss) * 1024.0;
    return r;
}

} // namespace realm::cli
