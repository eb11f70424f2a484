"""A llama-architecture transformer in PyTorch that computes what llama.cpp computes for a `llama`
GGUF: RMSNorm, GPT-J (interleaved-pair) RoPE, grouped-query causal attention, SwiGLU feed-forward,
output tied to the token embedding. Linear weights are [out, in], i.e. GGUF's ne = [in, out]."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Config:
    def __init__(self, n_vocab, n_embd=128, n_layer=4, n_head=4, n_head_kv=2, n_ff=384,
                 rope_base=10000.0, eps=1e-5, n_ctx=512):
        self.n_vocab, self.n_embd, self.n_layer = n_vocab, n_embd, n_layer
        self.n_head, self.n_head_kv, self.n_ff = n_head, n_head_kv, n_ff
        self.head_dim = n_embd // n_head
        self.rope_base, self.eps, self.n_ctx = rope_base, eps, n_ctx


class RMSNorm(nn.Module):
    def __init__(self, n, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(cfg, n_pos):
    i = torch.arange(0, cfg.head_dim, 2, dtype=torch.float64)
    inv = cfg.rope_base ** (-i / cfg.head_dim)
    ang = torch.arange(n_pos, dtype=torch.float64)[:, None] * inv[None, :]
    return torch.cos(ang).float(), torch.sin(ang).float()


def rope(x, cos, sin):
    # x: [B, H, T, D]; rotate the pairs (2i, 2i+1) of each head (GPT-J / ggml "normal" mode)
    x0, x1 = x[..., 0::2], x[..., 1::2]
    r0 = x0 * cos - x1 * sin
    r1 = x0 * sin + x1 * cos
    return torch.stack((r0, r1), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d, hd = cfg.n_embd, cfg.head_dim
        self.attn_norm = RMSNorm(d, cfg.eps)
        self.wq = nn.Linear(d, cfg.n_head * hd, bias=False)
        self.wk = nn.Linear(d, cfg.n_head_kv * hd, bias=False)
        self.wv = nn.Linear(d, cfg.n_head_kv * hd, bias=False)
        self.wo = nn.Linear(cfg.n_head * hd, d, bias=False)
        self.ffn_norm = RMSNorm(d, cfg.eps)
        self.w_gate = nn.Linear(d, cfg.n_ff, bias=False)
        self.w_up = nn.Linear(d, cfg.n_ff, bias=False)
        self.w_down = nn.Linear(cfg.n_ff, d, bias=False)

    def forward(self, x, cos, sin, mask):
        c = self.cfg
        B, T, _ = x.shape
        u = self.attn_norm(x)
        q = self.wq(u).view(B, T, c.n_head, c.head_dim).transpose(1, 2)
        k = self.wk(u).view(B, T, c.n_head_kv, c.head_dim).transpose(1, 2)
        v = self.wv(u).view(B, T, c.n_head_kv, c.head_dim).transpose(1, 2)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        rep = c.n_head // c.n_head_kv      # query head h reads KV head h // rep
        k = k.repeat_interleave(rep, dim=1)
        v = v.repeat_interleave(rep, dim=1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(c.head_dim) + mask
        y = att.softmax(-1) @ v
        x = x + self.wo(y.transpose(1, 2).reshape(B, T, -1))
        u = self.ffn_norm(x)
        return x + self.w_down(F.silu(self.w_gate(u)) * self.w_up(u))


class Llama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.tok_embd = nn.Embedding(cfg.n_vocab, cfg.n_embd)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.out_norm = RMSNorm(cfg.n_embd, cfg.eps)
        cos, sin = rope_tables(cfg, cfg.n_ctx)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                std = 0.02 / math.sqrt(2 * cfg.n_layer) if name.endswith(("wo.weight", "w_down.weight")) else 0.02
                nn.init.normal_(p, 0.0, std)

    def hidden(self, ids):
        """Final-norm hidden states [B, T, n_embd]."""
        T = ids.shape[1]
        mask = torch.full((T, T), float("-inf")).triu(1)
        x = self.tok_embd(ids)
        cos, sin = self.cos[:T], self.sin[:T]
        for b in self.blocks:
            x = b(x, cos, sin, mask)
        return self.out_norm(x)

    def logits(self, h):
        return h @ self.tok_embd.weight.t()   # tied output

    def forward(self, ids):
        return self.logits(self.hidden(ids))
