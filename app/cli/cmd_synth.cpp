// realm-cli synth: write a random-weight llama model (tests and benchmarks without downloads).
#include "command.h"

#include "synth/synthetic_model.h"
#include "util/error.h"

#include <chrono>
#include <cstdio>

namespace realm::cli {

namespace {
int runSynth(const std::vector<std::string>& argv) {
    Args args(argv, {"--preset", "--type", "-o", "--seed", "--vocab", "--threads"}, {"--sparse"});
    if (!args.has("-o")) throw UsageError("missing -o FILE");
    SynthOptions o;
    o.preset = args.value("--preset", "tiny");
    try {
        o.mix = synthMixFromName(args.value("--type", "f32"));
        (void)synthPreset(o.preset);
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
    const long long seed = args.intValue("--seed", 1);
    const long long threads = args.intValue("--threads", 0);
    if (seed < 0) throw UsageError("--seed must be >= 0");
    if (threads < 0 || threads > 256) throw UsageError("--threads must be 0..256");
    o.seed = static_cast<uint64_t>(seed);
    o.threads = static_cast<unsigned>(threads);
    o.vocabPath = args.value("--vocab");
    o.sparse = args.has("--sparse");
    const auto start = std::chrono::steady_clock::now();
    const SynthResult r = writeSyntheticModel(o, args.value("-o"));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "wrote %s: %llu tensors, %llu parameters, %llu bytes in %.1f s\n",
                 args.value("-o").c_str(), static_cast<unsigned long long>(r.tensorCount),
                 static_cast<unsigned long long>(r.parameters), static_cast<unsigned long long>(r.fileBytes),
                 seconds);
    return 0;
}

RegisterCommand synth(
    {"synth", "Write a random-weight llama model",
     "Usage: realm-cli synth --preset NAME --type MIX -o FILE [--seed N] [--vocab VOCAB.gguf] [--threads N]\n"
     "                       [--sparse]\n\n"
     "A llama-architecture GGUF, identical for the same preset, mix and seed. Float weights are\n"
     "N(0, 0.02) (norm weights 1 + N(0, 0.01)); quantized ones are random blocks whose scales give\n"
     "values of mean 0 and RMS 0.02 (written in seconds: no quantizer runs).\n"
     "  --preset  tiny (n_embd 64, 2 layers, 4 heads, 2 KV heads, n_ff 192)\n"
     "            tinyllama-1.1b (n_embd 2048, 22 layers, 32 heads, 4 KV heads, n_ff 5632, 201 tensors)\n"
     "            llama3-8b (n_embd 4096, 32 layers, 32 heads, 8 KV heads, n_ff 14336, vocab 128256)\n"
     "            llama3-70b (n_embd 8192, 80 layers, 64 heads, 8 KV heads, n_ff 28672, vocab 128256)\n"
     "  --type    f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, iq4_nl, iq4_xs, q4_k_m, q6_k\n"
     "            (llama-quantize's per-tensor choice, without an importance matrix)\n"
     "  --vocab   copy every tokenizer.* key from this GGUF (default: a built-in byte-level\n"
     "            llama vocabulary; 259 tokens for tiny, 32000 for tinyllama-1.1b, 128256 for llama3)\n"
     "  --sparse  write the header and tensor table and leave the data as a hole: a file of the\n"
     "            full size that reads as zeros and takes no disk (memory and loading tests)\n"
     "  --seed    random seed (default 1)\n"
     "  --threads worker threads (default: all cores)\n",
     runSynth});
} // namespace

} // namespace realm::cli
