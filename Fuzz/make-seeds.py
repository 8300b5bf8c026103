#!/usr/bin/env python3
"""Writes small hand-made valid inputs for each fuzz target into Fuzz/corpus/<target>/.

Usage: make-seeds.py CORPUS_ROOT. Every seed is generated here (no third-party files); scripts/fuzz.sh
may add more at run time from Tests/Fixtures and downloads/.
"""
import json, os, struct, sys

root = sys.argv[1]

def put(target, name, data):
    folder = os.path.join(root, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)

# JSON
for i, text in enumerate([
    '{"a": 1, "b": [true, false, null], "c": {"d": "e\\u00e9\\n"}}',
    '[1, -2.5e3, 0.125, 9007199254740991, "x", {"k": []}]',
    '"\\ud83d\\ude00 \\t \\"quoted\\""',
    '  {"nested": [[[[{"deep": 1}]]]]}  ',
    '-0',
    '{"": "", "emoji": "😀", "arabic": "مرحبا"}',
]):
    put("json", f"{i}", text)

# safetensors
def safetensors(tensors, metadata=None):
    header, data, offset = {}, b"", 0
    for name, dtype, shape, payload in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(payload)]}
        data += payload
        offset += len(payload)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data

put("safetensors", "f32", safetensors([("w", "F32", [2, 2], struct.pack("<4f", 1, -2, 0.5, 3))], {"format": "pt"}))
put("safetensors", "mixed", safetensors([
    ("a", "BF16", [3], b"\x80\x3f\x00\x40\x40\x40"),
    ("b", "F16", [1, 2], b"\x00\x3c\x00\xc0"),
    ("c", "I64", [2], struct.pack("<2q", 7, -1)),
    ("d", "U8", [0], b""),
    ("e", "BOOL", [2], b"\x01\x00"),
]))
put("safetensors", "empty", safetensors([]))

# GGUF
def gstr(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b

def gguf(kvs, tensors, data, alignment=32):
    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kvs))
    for key, type_id, payload in kvs:
        out += gstr(key) + struct.pack("<I", type_id) + payload
    for name, dims, type_id, offset in tensors:
        out += gstr(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<q", d) for d in dims)
        out += struct.pack("<IQ", type_id, offset)
    out += b"\x00" * (-len(out) % alignment)
    return out + data

def string_array(items):
    return struct.pack("<IQ", 8, len(items)) + b"".join(gstr(s) for s in items)

q8_block = struct.pack("<e", 0.5) + bytes(range(32))
put("gguf", "tensors", gguf(
    [("general.architecture", 8, gstr("llama")), ("general.alignment", 4, struct.pack("<I", 32)),
     ("llama.block_count", 4, struct.pack("<I", 2)), ("x.flags", 9, struct.pack("<IQ", 7, 2) + b"\x01\x00"),
     ("x.ratio", 6, struct.pack("<f", 0.25)), ("x.big", 10, struct.pack("<Q", 1 << 40))],
    [("w", [2, 2], 0, 0), ("q", [32], 8, 32)],
    struct.pack("<4f", 1, 2, 3, 4) + b"\x00" * 16 + q8_block))
bytes_tokens = [chr(c) for c in range(33, 127)] + ["Ġ", "Ġt", "he", "Ġthe", "<|endoftext|>"]
put("gguf", "tokenizer", gguf(
    [("general.architecture", 8, gstr("llama")),
     ("tokenizer.ggml.model", 8, gstr("gpt2")), ("tokenizer.ggml.pre", 8, gstr("gpt-2")),
     ("tokenizer.ggml.tokens", 9, string_array(bytes_tokens)),
     ("tokenizer.ggml.merges", 9, string_array(["Ġ t", "h e", "Ġt he"])),
     ("tokenizer.ggml.token_type", 9, struct.pack("<IQ", 5, len(bytes_tokens)) + struct.pack(f"<{len(bytes_tokens)}i", *([1] * (len(bytes_tokens) - 1) + [3]))),
     ("tokenizer.ggml.eos_token_id", 4, struct.pack("<I", len(bytes_tokens) - 1))],
    [], b""))

# tokenizer.json (a tiny byte-level BPE)
vocab = {t: i for i, t in enumerate(["<|endoftext|>"] + [chr(c) for c in range(33, 127)] + ["Ġ", "Ġt", "he", "Ġthe"])}
tokenizer = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [{"id": 0, "content": "<|endoftext|>", "single_word": False, "lstrip": False, "rstrip": False,
                      "normalized": False, "special": True}],
    "normalizer": None,
    "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
        {"type": "Digits", "individual_digits": True},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}]},
    "post_processor": None,
    "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
    "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
              "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
              "vocab": vocab, "merges": [["Ġ", "t"], "h e", ["Ġt", "he"]]},
}
put("tokenizer", "bpe", json.dumps(tokenizer))
tokenizer2 = dict(tokenizer, normalizer={"type": "NFC"},
                  post_processor={"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}},
                                  {"Sequence": {"id": "A", "type_id": 0}}], "pair": [], "special_tokens": {}})
put("tokenizer", "nfc-template", json.dumps(tokenizer2))
put("tokenizer", "text", "Hello wörld 42 مرحبا 😀\n\tcode(x) <|endoftext|>")

# datasets: first byte selects the format (0 jsonl, 1 json, 2 csv; +3 skips invalid lines)
put("datasets", "jsonl-text", b"\x00" + b'{"text": "hello"}\n{"text": "world \\u00e9"}\n')
put("datasets", "jsonl-chat", b"\x03" + b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n')
put("datasets", "jsonl-prefs", b"\x00" + b'{"prompt": "p", "chosen": "a", "rejected": "b"}\n')
put("datasets", "json-array", b"\x01" + b'[{"prompt": "2+2?", "completion": "4"}, {"prompt": "x", "completion": "y"}]')
put("datasets", "json-mcq", b"\x04" + b'[{"question": "q?", "choices": ["a", "b"], "answer": 1}]')
put("datasets", "csv", b"\x02" + b'prompt,completion\n"a, quoted ""x""",b\nc,d\n')
put("datasets", "csv-skip", b"\x05" + b'text\nhello\n"multi\nline"\n')

# SmolScript
for i, text in enumerate([
    'let base = 1\nfor lr in [1e-4, 3e-4] { print(lr * base) }\n',
    'func f(n) { if n < 2 { return n }; return f(n - 1) + f(n - 2) }\nprint(f(8))\n',
    'var r = [lr: 1, xs: [1, 2, [3]]]\nr.xs[2][0] += 1\nprint("r=\\(r) \\(len(r.xs))")\n',
    'var i = 0\nwhile i < 5 { i += 1; if i % 2 == 0 { continue }; print(i) }\n',
    'let d = data.load("x.jsonl", schema: "text")\nlet m = train.sft(nil, d, lr: 1e-3, tags: ["a"])\n',
    'let s = "a\\tb\\"c"\nfor c in s { print(c + str(1_000)) }\n',
]):
    put("script", f"{i}", text)

# gettext: .mo catalogues in both byte orders (header, a context, a plural, an empty translation)
def mo(entries, big_endian):
    """A catalogue as msgfmt lays it out (no hash table): header, two descriptor tables, strings."""
    order = ">" if big_endian else "<"
    originals = [((ctx + "\x04") if ctx else "") + msgid for ctx, msgid, _ in entries]
    translations = [msgstr for _, _, msgstr in entries]
    n = len(entries)
    start = 28 + 16 * n
    strings, descriptors = b"", []
    for s in originals + translations:
        data = s.encode()
        descriptors.append((len(data), start + len(strings)))
        strings += data + b"\x00"
    header = struct.pack(order + "7I", 0x950412de, 0, n, 28, 28 + 8 * n, 0, start)
    return header + b"".join(struct.pack(order + "2I", *d) for d in descriptors) + strings
entries = [(None, "", "Language: ar\nContent-Type: text/plain; charset=UTF-8\n"), (None, "Algeria", "الجزائر"),
           ("menu", "Open", "فتح"), (None, "%d file\x00%d files", "%d ملفات\x00ملف واحد"), (None, "Untranslated", "")]
put("gettext", "little", mo(entries, False))
put("gettext", "big", mo(entries, True))
