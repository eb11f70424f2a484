#!/usr/bin/env python3
"""Print one line per tensor of a GGUF file: LABEL NAME GGML_TYPE_ID the first 16 hex digits of SHA-256(tensor data),
preceded by LABEL file and the same of the whole file. Only what tst_cli_quantize reads; no dependencies."""
import hashlib
import struct
import sys

# ggml type id -> (block size, bytes per block) for the types these files hold
BLOCKS = {0: (1, 4), 1: (1, 2), 30: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24),
          8: (32, 34), 10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176), 14: (256, 210)}
SCALARS = {0: 'B', 1: 'b', 2: 'H', 3: 'h', 4: 'I', 5: 'i', 6: 'f', 7: '?', 10: 'Q', 11: 'q', 12: 'd'}


def main(label, path):
    data = open(path, 'rb').read()
    pos = 8  # magic, version

    def take(fmt):
        nonlocal pos
        value = struct.unpack_from('<' + fmt, data, pos)[0]
        pos += struct.calcsize('<' + fmt)
        return value

    def string():
        nonlocal pos
        n = take('Q')
        pos += n
        return data[pos - n:pos].decode('utf-8')

    def value(kind):
        if kind == 8:
            return string()
        if kind == 9:
            inner, n = take('I'), take('Q')
            return [value(inner) for _ in range(n)]
        return take(SCALARS[kind])

    n_tensors, n_kv = take('Q'), take('Q')
    kv = {}
    for _ in range(n_kv):
        key = string()
        kv[key] = value(take('I'))
    infos = []
    for _ in range(n_tensors):
        name = string()
        ne = [take('Q') for _ in range(take('I'))]
        infos.append((name, ne, take('I'), take('Q')))
    align = kv.get('general.alignment', 32)
    start = (pos + align - 1) // align * align
    print(label, 'file', hashlib.sha256(data).hexdigest()[:16])
    for name, ne, kind, offset in infos:
        count = 1
        for d in ne:
            count *= d
        block, block_bytes = BLOCKS[kind]
        size = count // block * block_bytes
        print(label, name, kind, hashlib.sha256(data[start + offset:start + offset + size]).hexdigest()[:16])


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
