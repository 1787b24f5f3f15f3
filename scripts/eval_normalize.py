#!/usr/bin/env python3
"""Evaluates `artnorm normalize`: repair of corrupted text, and no change to clean text.

    scripts/eval_normalize.py [--binary target/release/artnorm] [--clean FILE.jsonl ...]

Repair: the team's domain strings below (names, Italian words, punctuation, sentences) are
corrupted in each of the kinds real dumps show (mojibake through Windows-1252, Latin-1 and
MacRoman, once to three times, whole or in part, with the bytes scrapers lose; entities; NFD;
exotic spaces and invisible characters), and the output must equal the clean string exactly.

Clean text: every line of the given JSON Lines files (`text` and `title`; by default the
articles in ../shared/data/articles when that folder exists) must come back with nothing changed
beyond the minimal normalization: NFC, invisible and control characters removed, white space
runs collapsed to one space, lines trimmed.

Team sets (tests/data/normalize): the repair set (every sentence of languages.tsv mis-decoded
through each code page once, twice and in half the line, with lost bytes and CESU-8; see
scripts/make_normalize_cases.py) is scored per kind and code page, repaired/total; the
must-not-change set (keep.tsv: maths, capitals, the Ångström sign, kaomoji, leetspeak, real
Cyrillic and Greek, apostrophes, symbols, single-byte code pages mixed up; and languages.tsv)
per category, changed/total.

Real clean lines: the articles (as above; English, Italian, German, Spanish, French and
Portuguese), the `# text =` sentences of the treebanks in ../shared/data/treebanks and the names
and aliases of the gazetteers in ../shared/data/gazetteer (people, clubs and places of every
country), when those folders exist; none may change. Counted per source. The gazetteer's names
are also mis-decoded through each code page and the exact repairs counted (informative); and
every real clean line, in capitals and in lowercase, must not change either.

Message catalogues (`--catalogs`, informative): the translations in the gettext catalogues
installed on the machine (`/usr/share/locale/**/*.mo` and the like: correct text in a hundred
languages and scripts that no one on the team wrote, what is installed differs per machine), as
written, in capitals and in lowercase; every line that changes is printed, since a catalogue may
itself hold mojibake (a few Dutch and Norwegian lines of Vim's do), and a reader judges each.

Prints a table of exact repairs per kind and the clean lines changed; exits 1 on any miss.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import unicodedata

# Domain strings written by the team: names of people, clubs and places, Italian, Spanish,
# Portuguese, French and German words, and the punctuation of news.
DOMAIN = [
    "Kaká", "Éder Militão", "Vinícius Júnior", "Seleção", "Bernabéu", "Dorival Júnior",
    "Jürgen Klopp", "Thomas Müller", "Luka Modrić", "Hakan Çalhanoğlu", "Martin Ødegaard",
    "São Paulo", "Atlético Madrid", "Raphaël Varane", "Kylian Mbappé", "Rúben Dias",
    "João Félix", "Gonçalo Ramos", "Ángel Di María", "Sergio Agüero", "Nicolás Otamendi",
    "Rodrygo Goés", "Éderson", "Estêvão", "Antonio Rüdiger", "Wojciech Szczęsny",
    "Milan Škriniar", "Dušan Vlahović", "Mërgim Vojvoda", "Iñaki Williams", "Fabián Ruiz",
    "Gianluigi Donnarumma è il portiere", "perché", "più", "città", "è", "però", "già",
    "può", "così", "virtù", "Libertà", "società", "venerdì", "Cosa farà il c.t.?",
    "L’Inter è più forte", "«Sono felice», ha detto", "Il derby d’Italia è finito 2–1",
    "“Kaká is back,” he said — and smiled…", "Brazil’s coach", "It’s the club’s decision",
    "The €60m deal", "£86.3m for Declan Rice", "Müller’s header", "Ancelotti’s Seleção",
    "La Selección ganó en el Estadio Azteca", "¿Qué pasó? ¡Ganó el Atlético!",
    "Les Bleus à Saint-Étienne", "Straße", "Fußball-Bundesliga", "Œuvre", "naïve café",
    "A Seleção venceu em São Paulo", "Coração", "Rodrí", "Gavi’s 90°", "Ñuñoa",
]

CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def cp1252(s):
    """UTF-8 bytes read as Windows-1252; undefined bytes kept as Latin-1 C1 controls."""
    out = []
    for b in s.encode("utf-8"):
        out.append(chr(b) if b in CP1252_UNDEFINED else bytes([b]).decode("cp1252"))
    return "".join(out)


def cp1252_replaced(s):
    """As `cp1252`, with undefined bytes decoded as U+FFFD, as strict tools do."""
    return "".join(
        "\ufffd" if b in CP1252_UNDEFINED else bytes([b]).decode("cp1252")
        for b in s.encode("utf-8")
    )


def cp1252_dropped(s):
    """As `cp1252`, with undefined bytes dropped."""
    return "".join(
        "" if b in CP1252_UNDEFINED else bytes([b]).decode("cp1252") for b in s.encode("utf-8")
    )


def latin1(s):
    return s.encode("utf-8").decode("latin-1")


def macroman(s):
    return s.encode("utf-8").decode("mac_roman")


def partial(corrupt):
    """Only the second half of the words is corrupted, as when two sources are pasted together."""
    def apply(s):
        words = s.split(" ")
        half = len(words) // 2
        return " ".join(words[:half] + [corrupt(w) for w in words[half:]])
    return apply


def nbsp_as_space(s):
    """The no-break-space byte of `à` (C3 A0) became a plain space."""
    return cp1252(s).replace("\u00a0", " ")


def nbsp_dropped(s):
    return cp1252(s).replace("\u00a0", "")


def soft_hyphen_dropped(s):
    """The soft-hyphen byte of `í` (C3 AD) was stripped as an invisible character."""
    return cp1252(s).replace("\u00ad", "")


def entities_named(s):
    import html.entities
    names = html.entities.codepoint2name
    return "".join(f"&{names[ord(c)]};" if ord(c) in names and ord(c) > 127 else c for c in s)


def entities_decimal(s):
    return "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in s)


def entities_hex(s):
    return "".join(f"&#x{ord(c):X};" if ord(c) > 127 else c for c in s)


def entities_double(s):
    return entities_named(s).replace("&", "&amp;")


def nfd(s):
    return unicodedata.normalize("NFD", s)


def nbsp_spaces(s):
    return s.replace(" ", "\u00a0")


def terminal_colours(s):
    """Every other word in a terminal's colours, as text copied out of a console or a log."""
    words = s.split(" ")
    return " ".join(f"\x1b[1;3{k % 8}m{w}\x1b[0m" if k % 2 else w for k, w in enumerate(words))


def exotic_spaces(s):
    return "\u2003" + s.replace(" ", "\u2009\u202f") + "\u3000"


def zero_width(s):
    return "\u200b".join(s[i:i + 3] for i in range(0, len(s), 3)) + "\ufeff"


def soft_hyphens(s):
    return "\u00ad".join(s[i:i + 4] for i in range(0, len(s), 4))


def c1_punctuation(s):
    """Windows-1252 punctuation read as Latin-1: ’ is U+0092."""
    out = []
    for c in s:
        try:
            b = c.encode("cp1252")
        except UnicodeEncodeError:
            out.append(c)
            continue
        out.append(chr(b[0]) if 0x80 <= b[0] <= 0x9F else c)
    return "".join(out)


def upper_mojibake(s):
    """An all-caps headline, mis-decoded: the repair must give the capitals back."""
    return cp1252(s.upper())


KINDS = [
    ("cp1252", cp1252),
    ("cp1252 twice", lambda s: cp1252(cp1252(s))),
    ("cp1252 three times", lambda s: cp1252(cp1252(cp1252(s)))),
    ("cp1252, undefined bytes as U+FFFD", cp1252_replaced),
    ("cp1252, undefined bytes dropped", cp1252_dropped),
    ("cp1252 twice, undefined bytes dropped the second time", lambda s: cp1252_dropped(cp1252(s))),
    ("cp1252 twice, undefined bytes dropped each time",
     lambda s: cp1252_dropped(cp1252_dropped(s))),
    ("latin-1", latin1),
    ("latin-1 twice", lambda s: latin1(latin1(s))),
    ("macroman", macroman),
    ("macroman twice", lambda s: macroman(macroman(s))),
    ("cp1252 in part of the line", partial(cp1252)),
    ("macroman in part of the line", partial(macroman)),
    ("cp1252 then latin-1", lambda s: latin1(cp1252(s))),
    ("cp1252 in capitals", upper_mojibake),
    ("no-break space byte as space", nbsp_as_space),
    ("no-break space byte dropped", nbsp_dropped),
    ("soft hyphen byte dropped", soft_hyphen_dropped),
    ("C1 controls for punctuation", c1_punctuation),
    ("named entities", entities_named),
    ("decimal entities", entities_decimal),
    ("hex entities", entities_hex),
    ("double-escaped entities", entities_double),
    ("entities of mojibake", lambda s: entities_named(cp1252(s))),
    ("NFD", nfd),
    ("no-break spaces", nbsp_spaces),
    ("exotic spaces", exotic_spaces),
    ("zero-width characters", zero_width),
    ("soft hyphens", soft_hyphens),
    ("terminal colours", terminal_colours),
]


def minimal(line):
    """The normalization clean text is allowed: NFC, invisible and control characters out, white
    space runs to one space, trimmed."""
    line = unicodedata.normalize("NFC", line)
    invisible = {0xAD, 0x180E, 0xFEFF, 0xFFFE, 0xFFFF}
    invisible |= set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F))
    invisible |= set(range(0x2060, 0x2065)) | set(range(0x2066, 0x206A))
    out = []
    for c in line:
        if c.isspace():
            out.append(" ")
        elif ord(c) in invisible or unicodedata.category(c) == "Cc":
            continue
        else:
            out.append(c)
    return " ".join("".join(out).split())


def run(binary, lines):
    text = "".join(line.replace("\n", " ") + "\n" for line in lines)
    result = subprocess.run([binary, "normalize"], input=text.encode("utf-8"),
                            capture_output=True, check=True)
    out = result.stdout.decode("utf-8").split("\n")
    assert out[-1] == "" and len(out) == len(lines) + 1, "line count changed"
    return out[:-1]


def read_tsv(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.split("\t") for line in f.read().split("\n")
                if line and not line.startswith("#")]


def team_sets(binary, show):
    """Scores the team's repair and must-not-change sets; returns the number of misses."""
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data",
                        "normalize")
    failures = 0
    rows = read_tsv(os.path.join(data, "repair.tsv"))
    got = run(binary, [bad for _, _, bad, _ in rows])
    groups = {}
    for (kind, cp, bad, good), out in zip(rows, got):
        groups.setdefault((kind, cp), []).append((bad, good, out))
    print(f"\n{'team repair set: kind':32} {'code page':14} {'repaired':>9}")
    right_all = 0
    for (kind, cp), cases in groups.items():
        misses = [c for c in cases if c[2] != c[1]]
        right_all += len(cases) - len(misses)
        print(f"{kind:32} {cp:14} {len(cases) - len(misses):4}/{len(cases):<4}")
        for bad, good, out in misses[:show]:
            print(f"    {bad!r} -> {out!r}, expected {good!r}")
        failures += len(misses)
    print(f"{'all':47} {right_all:4}/{len(rows):<4}")

    keep = read_tsv(os.path.join(data, "keep.tsv"))
    keep += [("language " + lang, text) for lang, text in read_tsv(os.path.join(data, "languages.tsv"))]
    got = run(binary, [text for _, text in keep])
    groups = {}
    for (category, text), out in zip(keep, got):
        groups.setdefault(category.split(" ")[0], []).append((text, out))
    print(f"\n{'team must-not-change set':47} {'changed':>9}")
    changed_all = 0
    for category, cases in groups.items():
        changed = [c for c in cases if c[1] != minimal(c[0])]
        changed_all += len(changed)
        print(f"{category:47} {len(changed):4}/{len(cases):<4}")
        for text, out in changed[:show]:
            print(f"    {text!r} -> {out!r}")
        failures += len(changed)
    print(f"{'all':47} {changed_all:4}/{len(keep):<4}")
    return failures


def treebank_lines(paths):
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines.extend(line[len("# text = "):].rstrip("\n") for line in f
                         if line.startswith("# text = "))
    return lines


def gazetteer_names(path):
    """Names and aliases of a gazetteer TSV (`id, name, type, aliases, country`): real spellings
    of people, clubs and places from many countries."""
    names = []
    with open(path, encoding="utf-8") as f:
        next(f, None)
        for row in f:
            cols = row.rstrip("\n").split("\t")
            if len(cols) >= 4:
                names.append(cols[1])
                names.extend(a for a in cols[3].split("|") if a)
    return [n for n in names if n.strip()]


CODE_PAGES = ["cp1252", "latin-1", "cp1250", "iso8859_2", "cp1251", "cp1253", "cp1254",
              "cp1257", "mac_roman", "cp437"]


def mis_decode(text, cp):
    """UTF-8 bytes read through `cp`, an undefined byte as the same-numbered character."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode(cp))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def names_mis_decoded(binary, gazetteers):
    """Real names with letters beyond ASCII, in a sentence, mis-decoded once through each code
    page: repaired exactly, per code page. (Informative: a lone name is often one sequence,
    and some are ambiguous between two code pages, so this does not count as failures.)"""
    names = sorted({n for p in gazetteers for n in gazetteer_names(p) if not n.isascii()})
    print(f"\n{'gazetteer names in a sentence, mis-decoded once':47} {'repaired':>9}")
    right_all = total = 0
    for cp in CODE_PAGES:
        texts = [f"He met {n} on Monday." for n in names]
        got = run(binary, [mis_decode(t, cp) for t in texts])
        right = sum(1 for t, o in zip(texts, got) if o == t)
        print(f"{cp:47} {right:5}/{len(texts):<5}")
        right_all += right
        total += len(texts)
    print(f"{'all':47} {right_all:5}/{total:<5} ({100.0 * right_all / max(total, 1):.2f}%)")


def clean_lines(paths):
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for record in f:
                record = json.loads(record)
                for field in ("title", "text"):
                    value = record.get(field) or ""
                    lines.extend(line for line in value.split("\n") if line.strip())
    return lines


def catalogue_lines(roots):
    """The translated messages of the gettext catalogues (.mo) under `roots`, one line per line
    of a message, with non-ASCII characters, distinct."""
    import struct
    seen = {}
    for root in roots:
        for path in sorted(glob.glob(os.path.join(root, "**", "*.mo"), recursive=True)):
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if len(data) < 28:
                continue
            magic = struct.unpack("<I", data[:4])[0]
            order = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
            if order is None:
                continue
            count, _, translations = struct.unpack(order + "III", data[8:20])
            for k in range(count):
                length, offset = struct.unpack(order + "II",
                                               data[translations + 8 * k:translations + 8 * k + 8])
                try:
                    text = data[offset:offset + length].decode("utf-8")
                except UnicodeDecodeError:
                    continue
                for message in text.split("\0"):
                    for line in message.split("\n"):
                        # (the information separators 1C-1F: Python counts them as white
                        # space; and lines with `&`, markup whose entities are decoded by
                        # design)
                        if any(ord(c) > 127 for c in line) and "&" not in line and not any(
                                "\x1b" <= c <= "\x1f" for c in line):
                            seen.setdefault(line, None)
    return list(seen)


def catalogues(binary):
    roots = [r for r in ["/usr/share/locale", "/usr/share/vim", "/usr/lib/locale",
                         "/usr/share/locale-langpack"] if os.path.isdir(r)]
    lines = catalogue_lines(roots)
    print(f"\nmessage catalogues under {', '.join(roots)}: {len(lines)} distinct lines")
    for name, variant in [("as written", lambda s: s), ("in capitals", str.upper),
                          ("in lowercase", str.lower)]:
        cased = list(dict.fromkeys(variant(line) for line in lines))
        got = run(binary, cased)
        changed = [(line, out) for line, out in zip(cased, got) if out != minimal(line)]
        print(f"  {name}: {len(changed)} of {len(cased)} changed")
        for line, out in changed:
            print(f"    {line!r}\n -> {out!r}")
    # and the repair of the same real lines: 3,000 of them (20 to 200 characters, already
    # clean), drawn with a fixed seed, mis-decoded once through each code page
    import random
    pool = [line for line in lines if 20 <= len(line) <= 200 and minimal(line) == line]
    sample = random.Random(14).sample(pool, min(3000, len(pool)))
    print(f"  repaired exactly, {len(sample)} of them mis-decoded once through each code page:")
    right_all = total_all = 0
    for cp in CODE_PAGES:
        cases = [(mis_decode(line, cp), unicodedata.normalize("NFC", line)) for line in sample]
        cases = [(bad, good) for bad, good in cases if bad != good]
        got = run(binary, [bad for bad, _ in cases])
        misses = [(good, out) for (bad, good), out in zip(cases, got) if out != minimal(good)]
        right_all += len(cases) - len(misses)
        total_all += len(cases)
        print(f"    {cp:10} {len(cases) - len(misses):5}/{len(cases)}")
    print(f"    {'all':10} {right_all:5}/{total_all} ({100.0 * right_all / max(total_all, 1):.2f}%)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default="target/release/artnorm")
    parser.add_argument("--clean", nargs="*")
    parser.add_argument("--show", type=int, default=5, help="misses shown per kind")
    parser.add_argument("--catalogs", action="store_true",
                        help="only the installed gettext catalogues (informative)")
    args = parser.parse_args()
    if args.catalogs:
        catalogues(args.binary)
        return 0

    failures = 0
    total_cases = total_right = 0
    print(f"{'corruption kind':40} {'exact':>9}")
    for name, corrupt in KINDS:
        originals = [s.upper() if corrupt is upper_mojibake else s for s in DOMAIN]
        cases = [(corrupt(s), unicodedata.normalize("NFC", s)) for s in originals]
        cases = [(bad, good) for bad, good in cases if bad != good]
        got = run(args.binary, [bad for bad, _ in cases])
        misses = [(bad, good, out) for (bad, good), out in zip(cases, got) if out != good]
        right = len(cases) - len(misses)
        total_cases += len(cases)
        total_right += right
        print(f"{name:40} {right:4}/{len(cases):<4}")
        for bad, good, out in misses[:args.show]:
            print(f"    {bad!r} -> {out!r}, expected {good!r}")
        failures += len(misses)
    print(f"{'all kinds':40} {total_right:4}/{total_cases:<4} "
          f"({100.0 * total_right / max(total_cases, 1):.2f}%)")

    failures += team_sets(args.binary, args.show)

    here = os.path.dirname(os.path.abspath(__file__))
    paths = args.clean
    treebanks = []
    gazetteers = []
    if paths is None:
        paths = sorted(glob.glob(os.path.join(here, "../../shared/data/articles/*.jsonl")))
        treebanks = sorted(glob.glob(os.path.join(here, "../../shared/data/treebanks/*.conllu")))
        gazetteers = sorted(glob.glob(os.path.join(here, "../../shared/data/gazetteer/*.tsv")))
    sources = [(os.path.basename(p), clean_lines([p])) for p in paths]
    sources += [(os.path.basename(p), treebank_lines([p])) for p in treebanks]
    sources += [(os.path.basename(p), gazetteer_names(p)) for p in gazetteers]
    if sources:
        print(f"\n{'real clean lines, by source':47} {'changed':>9}")
        changed_all = total = 0
        for name, lines in sources:
            got = run(args.binary, lines)
            changed = [(line, out) for line, out in zip(lines, got) if out != minimal(line)]
            print(f"{name:47} {len(changed):4}/{len(lines):<6}")
            for line, out in changed[:args.show]:
                print(f"    {line!r}\n -> {out!r}")
            changed_all += len(changed)
            total += len(lines)
        print(f"real clean lines (articles, treebank sentences, gazetteer names) changed beyond "
              f"the minimal normalization: {changed_all} of {total}")
        failures += changed_all
        # the same lines as a headline in capitals and in lowercase are just as correct
        cased = [c for _, lines in sources for line in lines
                 for c in (line.upper(), line.lower())]
        got = run(args.binary, cased)
        changed = [(line, out) for line, out in zip(cased, got) if out != minimal(line)]
        print(f"the same in capitals and in lowercase, changed: {len(changed)} of {len(cased)}")
        for line, out in changed[:args.show]:
            print(f"    {line!r}\n -> {out!r}")
        failures += len(changed)
    if gazetteers:
        names_mis_decoded(args.binary, gazetteers)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
