"""The demo model's SentencePiece vocabulary, and an encoder that tokenizes like llama.cpp does.

The vocabulary is a SentencePiece BPE model (byte fallback on, digits split). Training data is
tokenized here with llama.cpp's SPM algorithm (merge the adjacent pair whose piece has the best
score, leftmost first; unknown symbols fall back to <0xXX> bytes; a space is put before each text
fragment that follows a special token or starts the text) so that the model sees exactly the ids
our engine and llama.cpp produce at inference time.
"""
import heapq
import io

import sentencepiece as spm

# Token types as stored in tokenizer.ggml.token_type (llama.cpp's llama_token_type).
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6

UNK_ID, BOS_ID, EOS_ID = 0, 1, 2


class Vocab:
    def __init__(self, pieces, scores, types):
        self.pieces, self.scores, self.types = list(pieces), list(scores), list(types)
        self.piece_to_id = {p: i for i, p in enumerate(self.pieces)}
        self.byte_ids = [self.piece_to_id[f"<0x{b:02X}>"] for b in range(256)]

    @classmethod
    def train(cls, lines, vocab_size):
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size,
            model_type="bpe", byte_fallback=True, split_digits=True, character_coverage=1.0,
            normalization_rule_name="identity", remove_extra_whitespaces=False,
            add_dummy_prefix=False, unk_id=UNK_ID, bos_id=BOS_ID, eos_id=EOS_ID, pad_id=-1,
            num_threads=1, minloglevel=2)
        sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
        n = sp.get_piece_size()
        types = []
        for i in range(n):
            if sp.is_unknown(i):
                types.append(UNKNOWN)
            elif sp.is_control(i):
                types.append(CONTROL)
            elif sp.is_byte(i):
                types.append(BYTE)
            else:
                types.append(NORMAL)
        return cls([sp.id_to_piece(i) for i in range(n)], [float(sp.get_score(i)) for i in range(n)], types)

    def __len__(self):
        return len(self.pieces)

    def encode_text(self, text, space_prefix):
        """Token ids of one raw-text fragment (no special tokens in it)."""
        if space_prefix:
            text = " " + text
        text = text.replace(" ", "\u2581")
        if not text:
            return []
        syms = list(text)          # one symbol per code point, merged in place
        alive = [True] * len(syms)
        nxt = list(range(1, len(syms) + 1))
        prv = list(range(-1, len(syms) - 1))
        heap = []

        def push(left):
            right = nxt[left]
            if left < 0 or right >= len(syms):
                return
            tid = self.piece_to_id.get(syms[left] + syms[right])
            if tid is not None:
                # max score first, then the leftmost pair (heapq is a min-heap)
                heapq.heappush(heap, (-self.scores[tid], left, syms[left], syms[right]))

        for i in range(len(syms) - 1):
            push(i)
        while heap:
            _, left, ltext, rtext = heapq.heappop(heap)
            right = nxt[left]
            if not alive[left] or right >= len(syms) or syms[left] != ltext or syms[right] != rtext:
                continue       # stale: one side was merged since this pair was queued
            syms[left] = ltext + rtext
            alive[right] = False
            nxt[left] = nxt[right]
            if nxt[right] < len(syms):
                prv[nxt[right]] = left
            if prv[left] >= 0:
                push(prv[left])
            push(left)
        ids = []
        i = 0
        while i < len(syms):
            tid = self.piece_to_id.get(syms[i])
            if tid is not None and self.types[tid] == NORMAL:
                ids.append(tid)
            else:
                ids.extend(self.byte_ids[b] for b in syms[i].encode("utf-8"))
            i = nxt[i]
        return ids

    def decode(self, ids):
        out = bytearray()
        for i in ids:
            t = self.types[i]
            if t == BYTE:
                out.append(int(self.pieces[i][3:5], 16))
            elif t == NORMAL:
                out += self.pieces[i].replace("\u2581", " ").encode("utf-8")
        return out.decode("utf-8", errors="replace")
