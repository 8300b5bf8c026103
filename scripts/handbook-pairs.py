#!/usr/bin/env python3
"""Pair the Debian Administrator's Handbook's en-US and ar-MA paragraphs (python3 stdlib only).

usage: handbook-pairs.py HTML_DIR OUT.jsonl
Each <div class="para"> block is collapsed to single-spaced text; blocks are paired by index within
files of the same name. A pair is kept when the Arabic side is more than 30% Arabic-script letters
and the two sides differ (untranslated paragraphs stay in English in the ar-MA book).
One JSON object per line: {"source", "target", "source_lang": "en", "target_lang": "ar", "file", "index"}.
"""
import html.parser, json, os, sys

class Paras(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # div nesting depth inside the current para (0 = outside)
        self.parts = []
        self.paras = []
    def handle_starttag(self, tag, attrs):
        if tag != "div":
            return
        if self.depth:
            self.depth += 1
        elif "para" in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.parts = []
    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.paras.append(" ".join("".join(self.parts).split()))
    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)

def paras(path):
    p = Paras()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p.paras

def arabic_share(text):
    if not text:
        return 0.0
    arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufeff")
    return arabic / len(text)

def main(root, out):
    en_dir, ar_dir = os.path.join(root, "en-US"), os.path.join(root, "ar-MA")
    kept = total = 0
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        for name in sorted(os.listdir(en_dir)):
            if not name.endswith(".html") or not os.path.exists(os.path.join(ar_dir, name)):
                continue
            en, ar = paras(os.path.join(en_dir, name)), paras(os.path.join(ar_dir, name))
            if len(en) != len(ar):
                print(f"handbook-pairs: {name}: {len(en)} en vs {len(ar)} ar paragraphs; skipping the file", file=sys.stderr)
                continue
            for i, (e, a) in enumerate(zip(en, ar)):
                total += 1
                if e != a and arabic_share(a) > 0.30:
                    kept += 1
                    f.write(json.dumps({"source": e, "target": a, "source_lang": "en", "target_lang": "ar",
                                        "file": name, "index": i}, ensure_ascii=False) + "\n")
    os.replace(out + ".tmp", out)
    print(f"handbook-pairs: {total} paragraph pairs, kept {kept}", file=sys.stderr)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
