#!/usr/bin/python3
"""Check a demo-model GGUF in Python, independently of the C++ engine: read the file, rebuild
the network from its (dequantized Q8_0) weights and its vocabulary, and decode greedily every
question of corpus.json (first phrasing, all phrasings, and with a system prompt).

    /usr/bin/python3 resources/demo-model/evaluate.py [resources/demo.gguf]
"""
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import json  # noqa: E402

import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gguf_out  # noqa: E402
import model as llama  # noqa: E402
import train  # noqa: E402
from spm_vocab import Vocab  # noqa: E402


def load(path):
    meta, tensors = gguf_out.read(path)
    vocab = Vocab(meta["tokenizer.ggml.tokens"], meta["tokenizer.ggml.scores"], meta["tokenizer.ggml.token_type"])
    cfg = llama.Config(len(vocab), n_embd=meta["llama.embedding_length"], n_layer=meta["llama.block_count"],
                       n_head=meta["llama.attention.head_count"], n_head_kv=meta["llama.attention.head_count_kv"],
                       n_ff=meta["llama.feed_forward_length"], rope_base=meta["llama.rope.freq_base"],
                       eps=meta["llama.attention.layer_norm_rms_epsilon"], n_ctx=meta["llama.context_length"])
    net = llama.Llama(cfg)
    train.load_stored(net, tensors)
    return net, vocab


def main():
    torch.set_num_threads(2)
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "demo.gguf")
    net, vocab = load(path)
    with open(os.path.join(HERE, "corpus.json"), encoding="utf-8") as f:
        items = json.load(f)
    failures = 0
    for label, all_phrasings, system in (("first phrasing", False, None), ("all phrasings", True, None),
                                         ("with system prompt", False, "You are a helpful assistant.")):
        right, wrong = train.evaluate(net, vocab, items, all_phrasings, system)
        print(f"{label}: {right}/{right + len(wrong)} right")
        for q, reply in wrong[:10]:
            print(f"  WRONG {q!r} -> {reply!r}")
        if not all_phrasings:
            failures += len(wrong)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
