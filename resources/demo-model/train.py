#!/usr/bin/python3
"""Train Realm Studio's demo model and write resources/demo.gguf (not run by the build).

    /usr/bin/python3 resources/demo-model/train.py [--steps N] [--out PATH]

Needs Debian's python3-torch, python3-sentencepiece, python3-numpy (and libopenblas0-pthread for
speed). Deterministic: fixed seeds, 2 threads. See README.md for the corpus and hyper-parameters.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np

# Busy-waiting OpenMP threads collapse when the 2 cores are shared (measured 4x slower).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # noqa: E402
import gguf_out  # noqa: E402
import model as llama  # noqa: E402
from spm_vocab import BOS_ID, EOS_ID, UNK_ID, Vocab  # noqa: E402

SEED = 1234
VOCAB_SIZE = 2000
CHAT_TEMPLATE_FILE = os.path.join(HERE, "zephyr.jinja")


def encode_chat(vocab, system, turns, with_last_answer=True):
    """Ids and loss mask of a Zephyr-template conversation, tokenized like llama.cpp with
    add_bos and parse_special: the only special text in the render is '</s>'."""
    parts = []    # (text, trained) or (None, trained) for EOS
    if system is not None:
        parts += [("<|system|>\n" + system, False), (None, False), ("\n", False)]
    for i, (q, a) in enumerate(turns):
        parts += [("<|user|>\n" + q, False), (None, False), ("\n<|assistant|>\n", False)]
        if a is not None and (with_last_answer or i + 1 < len(turns)):
            parts += [(a, True), (None, True), ("\n", False)]
    if parts and parts[-1] == ("\n", False) and with_last_answer and turns[-1][1] is not None:
        parts.pop()   # what follows the last EOS is never predicted
    ids, mask = [BOS_ID], [False]
    prev_special = True
    for text, trained in parts:
        if text is None:
            ids.append(EOS_ID)
            mask.append(trained)
            prev_special = True
        else:
            # a fragment after a special token gets llama.cpp's space prefix; pieces never contain
            # '\n', so splitting a fragment at a '\n' boundary tokenizes the same as the whole
            piece_ids = vocab.encode_text(text, space_prefix=prev_special)
            ids += piece_ids
            mask += [trained] * len(piece_ids)
            prev_special = False
    return ids, mask


# Additions are drawn twice as often: a sum is a two-number lookup, the slowest thing to learn.
KIND_WEIGHT = {"addition": 2}


def sample_conversation(rng, items):
    system = rng.choice(corpus.SYSTEM_PROMPTS) if rng.random() < 0.2 else None
    n_turns = 1 if rng.random() < 0.8 else rng.randint(2, 3)
    turns = []
    for _ in range(n_turns):
        item = rng.choices(items, weights=[KIND_WEIGHT.get(it["kind"], 1) for it in items])[0]
        q = item["questions"][0] if rng.random() < 0.5 else rng.choice(item["questions"])
        turns.append((q, item["answer"]))
    return system, turns


def make_batches(rng, vocab, items, batch_size, group=8):
    """`group` batches of conversations of similar length (little padding)."""
    seqs = [encode_chat(vocab, *sample_conversation(rng, items)) for _ in range(batch_size * group)]
    seqs.sort(key=lambda s: len(s[0]))
    batches = [to_tensors(seqs[i:i + batch_size]) for i in range(0, len(seqs), batch_size)]
    rng.shuffle(batches)
    return batches


def to_tensors(seqs):
    batch_size = len(seqs)
    T = max(len(ids) for ids, _ in seqs)
    x = torch.zeros(batch_size, T - 1, dtype=torch.long)
    y = torch.full((batch_size, T - 1), -100, dtype=torch.long)
    for b, (ids, mask) in enumerate(seqs):
        t = torch.tensor(ids)
        x[b, :len(ids) - 1] = t[:-1]
        m = torch.tensor(mask[1:])
        y[b, :len(ids) - 1] = torch.where(m, t[1:], torch.tensor(-100))
    return x, y


@torch.no_grad()
def greedy_reply(net, vocab, system, turns, max_tokens=48):
    ids, _ = encode_chat(vocab, system, turns, with_last_answer=False)
    out = []
    for _ in range(max_tokens):
        logits = net(torch.tensor([ids + out]))[0, -1]
        tok = int(logits.argmax())
        if tok == EOS_ID:
            break
        out.append(tok)
    return vocab.decode(out)


@torch.no_grad()
def greedy_replies(net, vocab, prompts, max_tokens=48, batch=64):
    """Greedy replies to many prompts at once: right padding is harmless under a causal mask,
    each row's next token is read at its own last position."""
    replies = []
    for s in range(0, len(prompts), batch):
        rows = [list(p) for p in prompts[s:s + batch]]
        start = [len(r) for r in rows]
        done = [False] * len(rows)
        for _ in range(max_tokens):
            T = max(len(r) for r in rows)
            x = torch.zeros(len(rows), T, dtype=torch.long)
            for i, r in enumerate(rows):
                x[i, :len(r)] = torch.tensor(r)
            h = net.hidden(x)
            last = h[torch.arange(len(rows)), torch.tensor([len(r) - 1 for r in rows])]
            nxt = net.logits(last).argmax(-1).tolist()
            for i, tok in enumerate(nxt):
                if not done[i]:
                    if tok == EOS_ID:
                        done[i] = True
                    else:
                        rows[i].append(tok)
            if all(done):
                break
        replies += [vocab.decode(r[b:]) for r, b in zip(rows, start)]
    return replies


def evaluate(net, vocab, items, all_phrasings, system=None):
    net.eval()
    cases = [(q, it["expect"]) for it in items for q in (it["questions"] if all_phrasings else it["questions"][:1])]
    prompts = [encode_chat(vocab, system, [(q, None)], with_last_answer=False)[0] for q, _ in cases]
    right, wrong = 0, []
    for (q, expect), reply in zip(cases, greedy_replies(net, vocab, prompts)):
        if expect in reply:
            right += 1
        else:
            wrong.append((q, reply))
    net.train()
    return right, wrong


def write_gguf(net, cfg, vocab, path):
    w = gguf_out.Writer()
    w.add("general.architecture", gguf_out.T_STR, "llama")
    w.add("general.name", gguf_out.T_STR, "Realm Demo")
    w.add("general.description", gguf_out.T_STR,
          "Realm Studio's demo chat model: capitals, small additions and the app's pages.")
    w.add("general.file_type", gguf_out.T_U32, 7)             # LLAMA_FTYPE_MOSTLY_Q8_0
    w.add("general.quantization_version", gguf_out.T_U32, 2)
    w.add("general.alignment", gguf_out.T_U32, gguf_out.ALIGN)
    w.add("llama.context_length", gguf_out.T_U32, cfg.n_ctx)
    w.add("llama.embedding_length", gguf_out.T_U32, cfg.n_embd)
    w.add("llama.block_count", gguf_out.T_U32, cfg.n_layer)
    w.add("llama.feed_forward_length", gguf_out.T_U32, cfg.n_ff)
    w.add("llama.attention.head_count", gguf_out.T_U32, cfg.n_head)
    w.add("llama.attention.head_count_kv", gguf_out.T_U32, cfg.n_head_kv)
    w.add("llama.rope.freq_base", gguf_out.T_F32, cfg.rope_base)
    w.add("llama.rope.dimension_count", gguf_out.T_U32, cfg.head_dim)
    w.add("llama.attention.layer_norm_rms_epsilon", gguf_out.T_F32, cfg.eps)
    w.add("llama.vocab_size", gguf_out.T_U32, cfg.n_vocab)
    w.add("tokenizer.ggml.model", gguf_out.T_STR, "llama")
    w.add_array("tokenizer.ggml.tokens", gguf_out.T_STR, vocab.pieces)
    w.add_array("tokenizer.ggml.scores", gguf_out.T_F32, vocab.scores)
    w.add_array("tokenizer.ggml.token_type", gguf_out.T_I32, vocab.types)
    w.add("tokenizer.ggml.bos_token_id", gguf_out.T_U32, BOS_ID)
    w.add("tokenizer.ggml.eos_token_id", gguf_out.T_U32, EOS_ID)
    w.add("tokenizer.ggml.unknown_token_id", gguf_out.T_U32, UNK_ID)
    w.add("tokenizer.ggml.add_bos_token", gguf_out.T_BOOL, True)
    w.add("tokenizer.ggml.add_eos_token", gguf_out.T_BOOL, False)
    w.add("tokenizer.ggml.add_space_prefix", gguf_out.T_BOOL, True)
    with open(CHAT_TEMPLATE_FILE, encoding="utf-8") as f:
        w.add("tokenizer.chat_template", gguf_out.T_STR, f.read())

    def mat(name, t):
        return name, t.detach().numpy(), gguf_out.GGML_Q8_0

    def vec(name, t):
        return name, t.detach().numpy(), gguf_out.GGML_F32

    tensors = [mat("token_embd.weight", net.tok_embd.weight)]
    for i, b in enumerate(net.blocks):
        p = f"blk.{i}."
        tensors += [vec(p + "attn_norm.weight", b.attn_norm.weight),
                    mat(p + "attn_q.weight", b.wq.weight), mat(p + "attn_k.weight", b.wk.weight),
                    mat(p + "attn_v.weight", b.wv.weight), mat(p + "attn_output.weight", b.wo.weight),
                    vec(p + "ffn_norm.weight", b.ffn_norm.weight),
                    mat(p + "ffn_gate.weight", b.w_gate.weight), mat(p + "ffn_up.weight", b.w_up.weight),
                    mat(p + "ffn_down.weight", b.w_down.weight)]
    tensors.append(vec("output_norm.weight", net.out_norm.weight))
    stored = {}
    for name, array, t in tensors:
        raw = w.add_tensor(name, array, t)
        stored[name] = gguf_out.dequantize_q8_0(raw, array.shape) if t == gguf_out.GGML_Q8_0 else array
    w.write(path)
    return stored


def load_stored(net, stored):
    """Put the weights as stored in the GGUF (Q8_0 round trip) into the network."""
    sd = {"tok_embd.weight": stored["token_embd.weight"], "out_norm.weight": stored["output_norm.weight"]}
    names = {"attn_norm": "attn_norm", "attn_q": "wq", "attn_k": "wk", "attn_v": "wv",
             "attn_output": "wo", "ffn_norm": "ffn_norm", "ffn_gate": "w_gate", "ffn_up": "w_up",
             "ffn_down": "w_down"}
    for key, value in stored.items():
        if key.startswith("blk."):
            _, i, part, _ = key.split(".")
            sd[f"blocks.{i}.{names[part]}.weight"] = value
    net.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in sd.items()})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "demo.gguf"))
    ap.add_argument("--eval-every", type=int, default=0)
    args = ap.parse_args()

    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    start = time.time()

    items = corpus.build()
    with open(os.path.join(HERE, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump(items, f, indent=1, ensure_ascii=False)
        f.write("\n")
    lines = [s for it in items for s in it["questions"] + [it["answer"]]]
    lines += corpus.SYSTEM_PROMPTS + ["<|system|>", "<|user|>", "<|assistant|>"]
    vocab = Vocab.train(lines, VOCAB_SIZE)
    cfg = llama.Config(len(vocab))
    net = llama.Llama(cfg)
    n_params = sum(p.numel() for p in net.parameters())
    print(f"corpus: {len(items)} conversations; vocab {len(vocab)}; parameters {n_params}", flush=True)

    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.01)
    warmup = 100
    ema = None
    pending = []
    for step in range(1, args.steps + 1):
        lr = args.lr * (step / warmup if step <= warmup else
                        0.1 + 0.45 * (1 + math.cos(math.pi * (step - warmup) / (args.steps - warmup))))
        for g in opt.param_groups:
            g["lr"] = lr
        if not pending:
            pending = make_batches(rng, vocab, items, args.batch)
        x, y = pending.pop()
        # only answer positions are trained: project just those onto the vocabulary
        sel = y.reshape(-1) != -100
        h = net.hidden(x).reshape(-1, cfg.n_embd)[sel]
        loss = F.cross_entropy(net.logits(h), y.reshape(-1)[sel])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        ema = loss.item() if ema is None else 0.95 * ema + 0.05 * loss.item()
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.4f} (avg {ema:.4f}) lr {lr:.2e} "
                  f"{time.time() - start:.0f}s", flush=True)
        if args.eval_every and step % args.eval_every == 0 and step < args.steps:
            right, _ = evaluate(net, vocab, items, all_phrasings=False)
            print(f"step {step}: {right}/{len(items)} canonical questions right", flush=True)
    train_time = time.time() - start
    print(f"training done in {train_time:.0f}s, final loss avg {ema:.4f}", flush=True)

    stored = write_gguf(net, cfg, vocab, args.out)
    load_stored(net, stored)
    right, wrong = evaluate(net, vocab, items, all_phrasings=False)
    right_all, wrong_all = evaluate(net, vocab, items, all_phrasings=True)
    n_all = sum(len(it["questions"]) for it in items)
    print(f"Q8_0 model: {right}/{len(items)} canonical questions right, "
          f"{right_all}/{n_all} with all phrasings; file {os.path.getsize(args.out)} bytes")
    for q, reply in wrong + wrong_all[:20]:
        print(f"  WRONG {q!r} -> {reply!r}")
    print("sample:", greedy_reply(net, vocab, None, [("What is the capital of France?", None)]))
    print(f"total {time.time() - start:.0f}s")
    return 0 if not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
