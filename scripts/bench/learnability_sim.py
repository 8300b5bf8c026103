#!/usr/bin/env python3
"""Do small models learn smol's built-in suites? A PyTorch simulation on data smol generates (measurement
only: it checks the generators, independently of smol's own trainer).

  python learnability_sim.py prepare DIR --smol .build/debug/smol [--corpus-n 5000] [--sft-n 2000]
                                         [--levels easy,medium,hard] [--eval-n 200]
  python learnability_sim.py run DIR --model micro|tiny [--pre-tokens 500000] [--level easy]
                                     [--sft-epochs 2] [--base FILE] [--save-base FILE] [--skip-init]

`prepare` runs smol to generate, into DIR as JSONL: corpus (edu-corpus, train), sft-<level> (sft-mixture,
train), and the test splits mmlu, hella, arc-<level>, gsm-<level>; and a BPE (vocab 4096, trained by smol
on the corpus, with ChatML specials) as tokenizer.json.

`run` initialises a Llama-shaped model of smol's preset shape (seed 0), pre-trains it on the packed corpus
(256-token windows, EOS between documents, batch 8, AdamW 0.9/0.95, lr 3e-3, warm-up 3% then linear
decay) unless --base gives saved weights, then fine-tunes on the SFT mixture of --level in ChatML with
the loss on assistant tokens only (batch 8, lr 1e-3), and prints accuracy with 95% intervals:
  cloze  : question + "\\nAnswer:" then " " + choice, summed log-likelihood (before and after SFT);
  chat   : after SFT, the question as a user turn, the choice as the assistant's answer;
  symbol : the lettered choices, then the letter (in ChatML after SFT);
  gsm    : after SFT, greedy answer to the question in ChatML, exact match of its "#### N" line;
  stmt   : (mmlu, a diagnostic) a corpus sentence stating the asked fact, with the value replaced by each
           choice, whole-sentence log-likelihood: is the fact memorised at all, whatever the question?
One thread (torch.set_num_threads(1)); needs torch and transformers (scripts/python-env.sh).
"""
import argparse, glob, json, math, os, random, re, shutil, subprocess, sys, time

PRESETS = {  # smol's ModelPresets: vocab 4096, 4 heads, tied embeddings, RMSNorm 1e-5, θ 10000
    "tiny": dict(hidden_size=256, intermediate_size=688, num_hidden_layers=4),
    "micro": dict(hidden_size=128, intermediate_size=344, num_hidden_layers=4),
}
T, B = 256, 8


def prepare(a):
    os.makedirs(a.dir, exist_ok=True)
    levels = a.levels.split(",")
    lines = [f'let corpus = data.generate("edu-corpus", n: {a.corpus_n}, seed: 1)', 'print(corpus)',
             f'print(data.generate("mmlu-like", n: {a.eval_n}, seed: 1, split: "test"))',
             f'print(data.generate("hellaswag-like", n: {a.eval_n}, seed: 1, split: "test"))']
    for lv in levels:
        lines += [f'print(data.generate("sft-mixture", n: {a.sft_n}, seed: 1, level: "{lv}"))',
                  f'print(data.generate("arc-like", n: {a.eval_n}, seed: 1, split: "test", level: "{lv}"))',
                  f'print(data.generate("gsm-like", n: {a.eval_n}, seed: 1, split: "test", level: "{lv}"))']
    lines += ['let tok = tokenizer.train(corpus, vocab: 4096, special: ["<|endoftext|>", "<|im_start|>", "<|im_end|>"])',
              f'model.save(model.init(preset: "tiny", tokenizer: tok), "{a.dir}/tok")']
    script = os.path.join(a.dir, "prepare.smol")
    open(script, "w").write("\n".join(lines) + "\n")
    ws = os.path.join(a.dir, "ws")
    out = subprocess.run([a.smol, "run", script, "--workspace", ws], check=True, capture_output=True, text=True).stdout
    names = ["corpus", "mmlu", "hella"] + [f"{k}-{lv}" for lv in levels for k in ("sft", "arc", "gsm")]
    handles = [l.split()[-1] for l in out.splitlines() if l.startswith("dataset ")]
    assert len(handles) == len(names), out
    for name, h in zip(names, handles):
        (path,) = glob.glob(os.path.join(ws, "objects", h[:2], h[2:] + "*"))
        shutil.copy(path, os.path.join(a.dir, name + ".jsonl"))
    shutil.copy(os.path.join(a.dir, "tok", "tokenizer.json"), os.path.join(a.dir, "tokenizer.json"))
    print(out, end="")


def run(a):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
    torch.set_num_threads(1); torch.manual_seed(0); random.seed(0)
    D = a.dir.rstrip("/") + "/"
    tok = PreTrainedTokenizerFast(tokenizer_file=D + "tokenizer.json")
    EOS, IME = (tok.convert_tokens_to_ids(t) for t in ("<|endoftext|>", "<|im_end|>"))
    cfg = LlamaConfig(vocab_size=4096, num_attention_heads=4, num_key_value_heads=4, tie_word_embeddings=True,
                      max_position_embeddings=1024, rms_norm_eps=1e-5, rope_theta=10000.0, bos_token_id=EOS,
                      eos_token_id=EOS, pad_token_id=EOS, **PRESETS[a.model])
    model = LlamaForCausalLM(cfg)
    print(f"model {a.model}: {sum(p.numel() for p in model.parameters())} parameters", flush=True)
    load = lambda n: [json.loads(l) for l in open(D + n + ".jsonl")]
    chat = lambda q: f"<|im_start|>user\n{q}<|im_end|>\n<|im_start|>assistant\n"
    enc = lambda s: tok.encode(s, add_special_tokens=False)
    results = []

    def scores(pairs):
        """Summed log-likelihood of each continuation after its context, in one padded batch."""
        seqs = [(enc(c), enc(c + x)) for c, x in pairs]
        L = max(len(s) for _, s in seqs)
        x = torch.tensor([s + [EOS] * (L - len(s)) for _, s in seqs])
        with torch.no_grad():
            lp = torch.log_softmax(model(x).logits[:, :-1].float(), -1)
        out = []
        for k, (c, s) in enumerate(seqs):
            idx = torch.arange(len(c) - 1, len(s) - 1)
            out.append(lp[k, idx, torch.tensor(s[len(c):])].sum().item())
        return out

    def text_scores(texts):
        """Summed log-likelihood of whole texts (from their second token), in one padded batch."""
        seqs = [enc(t) for t in texts]
        L = max(len(s) for s in seqs)
        x = torch.tensor([s + [EOS] * (L - len(s)) for s in seqs])
        with torch.no_grad():
            lp = torch.log_softmax(model(x).logits[:, :-1].float(), -1)
        return [lp[k, torch.arange(0, len(s) - 1), torch.tensor(s[1:])].sum().item() for k, s in enumerate(seqs)]

    sentences = [t.strip() + "." for r in load(a.corpus) for t in r["text"].split(". ")]
    stop = {w for it in load("mmlu") for w in re.findall(r"[A-Za-z]+", it["question"])}
    stop = {w for w in stop if sum(w in it["question"] for it in load("mmlu")) > 5} | {"Queen"}
    bare = lambda v: v[4:] if v.startswith("the ") else v
    def statement_items():
        out = []
        for it in load("mmlu"):
            entity = [w for w in re.findall(r"[A-Za-z]+", it["question"]) if w not in stop]
            value = bare(it["choices"][it["answer"]])
            hit = next((s for s in sentences if entity and entity[-1] in s.split() + [w.strip(".,") for w in s.split()]
                        and re.search(r"\b" + re.escape(value) + r"\b", s)), None)
            if hit: out.append(([re.sub(r"\b" + re.escape(value) + r"\b", bare(c), hit, count=1) for c in it["choices"]], it["answer"]))
        return out
    stmts = statement_items()
    print(f"mmlu statements found in the corpus for {len(stmts)} of the test items", flush=True)

    def report(tag, suite, method, ok, n, chance):
        p = ok / n; half = 1.96 * math.sqrt(p * (1 - p) / n)
        results.append((tag, suite, method, p, half, n, chance))
        print(f"{tag:6} {suite:10} {method:6} {ok:3}/{n} = {p:.3f} ± {half:.3f} (chance {chance:.3f})", flush=True)

    def evaluate(tag, sft):
        model.eval()
        for suite in ["mmlu", "hella", f"arc-{a.level}"] + ([f"arc-{lv}" for lv in a.extra_levels.split(",") if lv] if sft else []):
            items = load(suite); n = len(items); ok = {"cloze": 0, "chat": 0, "symbol": 0}
            for it in items:
                q, ch, ans = it["question"], it["choices"], it["answer"]
                best = lambda s: max(range(len(s)), key=lambda i: s[i]) == ans
                ok["cloze"] += best(scores([(q + "\nAnswer:", " " + c) for c in ch]))
                listed = q + "\n" + "\n".join(f"{L}. {c}" for L, c in zip("ABCD", ch)) + "\nAnswer:"
                if sft:
                    ok["chat"] += best(scores([(chat(q), c) for c in ch]))
                    ok["symbol"] += best(scores([(chat(listed), L) for L in "ABCD"]))
                elif a.base_symbol:
                    ok["symbol"] += best(scores([(listed, " " + L) for L in "ABCD"]))
            for m in (["cloze", "chat", "symbol"] if sft else ["cloze", "symbol"] if a.base_symbol else ["cloze"]):
                report(tag, suite, m, ok[m], n, 0.25)
            if suite == "mmlu" and stmts:
                good = sum(max(range(4), key=lambda i, s=text_scores(v): s[i]) == ans for v, ans in stmts)
                report(tag, suite, "stmt", good, len(stmts), 0.25)
        for level in ([a.level] + [lv for lv in a.extra_levels.split(",") if lv]) if sft else []:
            items = load(f"gsm-{level}")[: a.gsm_n]; ok = 0
            finals = [it["final"] for it in items]
            for it in items:
                ids = torch.tensor([enc(chat(it["question"]))])
                with torch.no_grad():
                    out = model.generate(ids, max_new_tokens=48, do_sample=False, eos_token_id=IME, pad_token_id=EOS)
                text = tok.decode(out[0, ids.shape[1]:], skip_special_tokens=True)
                m = re.search(r"####\s*(-?\d+)", text)
                ok += bool(m) and m.group(1) == it["final"]
            report(tag, f"gsm-{level}", "exact", ok, len(items), max(finals.count(f) for f in set(finals)) / len(items))
        model.train()

    def train(batches, steps, lr, label):
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0, betas=(0.9, 0.95))
        warm = max(1, int(0.03 * steps)); t0 = time.time(); model.train(); ntok = 0
        for step in range(steps):
            x, y = batches(step)
            f = (step + 1) / warm if step < warm else max(0.0, (steps - step) / (steps - warm))
            for g in opt.param_groups: g["lr"] = lr * f
            loss = model(input_ids=x, labels=y).loss
            loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step(); opt.zero_grad()
            ntok += x.numel()
            if step % 100 == 0 or step == steps - 1:
                print(f"{label} step {step}/{steps} loss {loss.item():.3f} {ntok / (time.time() - t0):.0f} tok/s", flush=True)
        return ntok, time.time() - t0

    if not a.skip_init:
        evaluate("init", False)
    if a.base:
        model.load_state_dict(torch.load(a.base)); print(f"base weights from {a.base}", flush=True)
        if a.sft_epochs == 0 and not a.more_pretraining: evaluate("base", False)
    if a.pre_tokens > 0 and (not a.base or a.more_pretraining):
        corpus = load(a.corpus); random.shuffle(corpus)
        stream = []
        for r in corpus: stream += enc(r["text"]) + [EOS]
        nwin = len(stream) // (T + 1); wins = [stream[i * (T + 1):(i + 1) * (T + 1)] for i in range(nwin)]
        steps = a.pre_tokens // (B * T)
        print(f"corpus tokens {len(stream)}, windows {nwin}, pre-training steps {steps} ({steps * B * T / len(stream):.2f} epochs)", flush=True)
        def pre_batch(step):
            t = torch.tensor([wins[(step * B + j) % nwin][:T] for j in range(B)]); return t, t.clone()
        ntok, secs = train(pre_batch, steps, a.pre_lr, "pretrain")
        print(f"pre-training: {ntok} tokens in {secs:.0f} s", flush=True)
        if a.save_base: torch.save(model.state_dict(), a.save_base)
        evaluate("base", False)
    if a.sft_epochs > 0:
        ex = []
        for r in load(f"sft-{a.level}"):
            ids, lab = [], []
            for m in r["messages"]:
                head = enc(f"<|im_start|>{m['role']}\n"); body = enc(m["content"]) + [IME]; nl = enc("\n")
                ids += head + body + nl
                lab += [-100] * len(head) + (body if m["role"] == "assistant" else [-100] * len(body)) + [-100] * len(nl)
            ex.append((ids[:T], lab[:T]))
        steps = int(a.sft_epochs * len(ex) / B); order = list(range(len(ex)))
        def sft_batch(step):
            if step % (len(ex) // B) == 0: random.shuffle(order)
            sel = [ex[order[(step * B + j) % len(ex)]] for j in range(B)]
            L = max(len(i) for i, _ in sel)
            x = torch.tensor([i + [EOS] * (L - len(i)) for i, _ in sel]); y = torch.tensor([l + [-100] * (L - len(l)) for _, l in sel])
            return x, y
        ntok, secs = train(sft_batch, steps, a.sft_lr, "sft")
        print(f"SFT: {len(ex)} conversations, {a.sft_epochs} epochs, {ntok} tokens in {secs:.0f} s", flush=True)
        evaluate("sft", True)
    print(f"CPU time {time.process_time():.0f} s")
    print("| stage | suite | scoring | accuracy ± 95% | n | chance |\n|---|---|---|---|---|---|")
    for tag, suite, method, p, half, n, chance in results:
        print(f"| {tag} | {suite} | {method} | {p:.3f} ± {half:.3f} | {n} | {chance:.3f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare"); p.add_argument("dir"); p.add_argument("--smol", default=".build/debug/smol")
    p.add_argument("--corpus-n", type=int, default=5000); p.add_argument("--sft-n", type=int, default=2000)
    p.add_argument("--levels", default="easy,medium,hard"); p.add_argument("--eval-n", type=int, default=200)
    r = sub.add_parser("run"); r.add_argument("dir"); r.add_argument("--model", choices=sorted(PRESETS), default="micro")
    r.add_argument("--pre-tokens", type=int, default=500_000); r.add_argument("--level", default="easy")
    r.add_argument("--sft-epochs", type=float, default=2.0); r.add_argument("--sft-lr", type=float, default=1e-3)
    r.add_argument("--pre-lr", type=float, default=3e-3); r.add_argument("--corpus", default="corpus")
    r.add_argument("--extra-levels", default="", help="after SFT, also evaluate arc and gsm at these levels, e.g. medium,hard")
    r.add_argument("--gsm-n", type=int, default=100)
    r.add_argument("--base"); r.add_argument("--save-base")
    r.add_argument("--more-pretraining", action="store_true", help="pre-train --pre-tokens more from --base"); r.add_argument("--skip-init", action="store_true")
    r.add_argument("--base-symbol", action="store_true", help="also score letters before SFT")
    a = ap.parse_args()
    (prepare if a.cmd == "prepare" else run)(a)


if __name__ == "__main__":
    main()
