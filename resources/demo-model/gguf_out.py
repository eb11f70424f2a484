"""A small GGUF v3 writer (and reader, for checking) for the demo model: metadata, F32 norms, Q8_0 matrices.

Q8_0 (ggml's layout): blocks of 32 values, each stored as an fp16 scale d = max|x| / 127 followed
by 32 int8 q = round(x / d), rounding halves away from zero as ggml's roundf does."""
import struct

import numpy as np

GGUF_MAGIC = b"GGUF"
ALIGN = 32
T_U32, T_I32, T_F32, T_BOOL, T_STR, T_ARR = 4, 5, 6, 7, 8, 9
GGML_F32, GGML_Q8_0 = 0, 8


def quantize_q8_0(w):
    x = np.ascontiguousarray(w, dtype=np.float32).reshape(-1, 32)
    d = np.abs(x).max(axis=1) / 127.0
    inv = np.where(d > 0, 1.0 / np.where(d > 0, d, 1.0), 0.0).astype(np.float32)
    v = x * inv[:, None]
    q = (np.sign(v) * np.floor(np.abs(v) + 0.5)).astype(np.int8)
    blocks = np.zeros(x.shape[0], dtype=[("d", "<f2"), ("qs", "i1", 32)])
    blocks["d"] = d.astype(np.float16)
    blocks["qs"] = q
    return blocks.tobytes()


def dequantize_q8_0(raw, shape):
    blocks = np.frombuffer(raw, dtype=[("d", "<f2"), ("qs", "i1", 32)])
    return (blocks["d"].astype(np.float32)[:, None] * blocks["qs"].astype(np.float32)).reshape(shape)


def _str(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _value(kind, v):
    if kind == T_U32:
        return struct.pack("<I", v)
    if kind == T_I32:
        return struct.pack("<i", v)
    if kind == T_F32:
        return struct.pack("<f", v)
    if kind == T_BOOL:
        return struct.pack("<B", 1 if v else 0)
    if kind == T_STR:
        return _str(v)
    raise ValueError(f"unsupported GGUF value type {kind}")


class Writer:
    def __init__(self):
        self.kv = []
        self.tensors = []   # (name, ne, ggml_type, bytes)

    def add(self, key, kind, value):
        self.kv.append(_str(key) + struct.pack("<I", kind) + _value(kind, value))

    def add_array(self, key, elem_kind, values):
        body = b"".join(_value(elem_kind, v) for v in values)
        self.kv.append(_str(key) + struct.pack("<IIQ", T_ARR, elem_kind, len(values)) + body)

    def add_tensor(self, name, array, ggml_type):
        a = np.ascontiguousarray(array, dtype=np.float32)
        ne = list(reversed(a.shape))          # ne0 is the contiguous (last numpy) axis
        raw = a.tobytes() if ggml_type == GGML_F32 else quantize_q8_0(a)
        self.tensors.append((name, ne, ggml_type, raw))
        return raw

    def write(self, path):
        head = GGUF_MAGIC + struct.pack("<IQQ", 3, len(self.tensors), len(self.kv)) + b"".join(self.kv)
        infos, offset = b"", 0
        for name, ne, t, raw in self.tensors:
            infos += _str(name) + struct.pack("<I", len(ne)) + struct.pack(f"<{len(ne)}Q", *ne)
            infos += struct.pack("<IQ", t, offset)
            offset += (len(raw) + ALIGN - 1) // ALIGN * ALIGN
        meta = head + infos
        with open(path, "wb") as f:
            f.write(meta + b"\0" * (-len(meta) % ALIGN))
            for _, _, _, raw in self.tensors:
                f.write(raw + b"\0" * (-len(raw) % ALIGN))


def read(path):
    """(metadata dict, {name: float32 array}) of a GGUF written by Writer (F32 / Q8_0 tensors)."""
    with open(path, "rb") as f:
        buf = f.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        vals = struct.unpack_from(fmt, buf, pos)
        pos += struct.calcsize(fmt)
        return vals

    def string():
        nonlocal pos
        (n,) = take("<Q")
        s = buf[pos:pos + n].decode("utf-8")
        pos += n
        return s

    scalar = {T_U32: "<I", T_I32: "<i", T_F32: "<f", T_BOOL: "<B"}

    def value(kind):
        if kind == T_STR:
            return string()
        if kind == T_ARR:
            elem, n = take("<IQ")
            return [value(elem) for _ in range(n)]
        return take(scalar[kind])[0]

    if buf[:4] != GGUF_MAGIC:
        raise ValueError(f"{path}: not a GGUF file")
    pos = 4
    _, n_tensors, n_kv = take("<IQQ")
    meta = {}
    for _ in range(n_kv):
        key = string()
        (kind,) = take("<I")
        meta[key] = value(kind)
    infos = []
    for _ in range(n_tensors):
        name = string()
        (n_dims,) = take("<I")
        ne = take(f"<{n_dims}Q")
        t, off = take("<IQ")
        infos.append((name, ne, t, off))
    data = pos + (-pos % ALIGN)
    tensors = {}
    for name, ne, t, off in infos:
        shape = tuple(reversed(ne))
        count = int(np.prod(ne))
        start = data + off
        if t == GGML_F32:
            tensors[name] = np.frombuffer(buf, np.float32, count, start).reshape(shape)
        else:
            tensors[name] = dequantize_q8_0(buf[start:start + count // 32 * 34], shape)
    return meta, tensors
