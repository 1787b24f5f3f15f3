#!/usr/bin/env python3
"""Builds tests/data/normalize/repair.tsv, the team's repair set, from the team's sentences.

    scripts/make_normalize_cases.py

Every sentence of tests/data/normalize/languages.tsv is mis-decoded through each code page the
repair handles (Python's own codecs, so the corruption does not come from the code under
test): once, twice, and in the second half of the line only, and through two code pages in
layers (each ordered pair with an eighth of the sentences); Windows-1252 also with the bytes
scrapers lose (the no-break space turned into a space, the soft hyphen dropped, undefined bytes
replaced or dropped), and emoji as CESU-8. The hand-written cases of HAND are added. Each row is
`kind<TAB>code page<TAB>corrupted<TAB>expected`.
"""

import os
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data", "normalize")

CODE_PAGES = ["cp1252", "latin-1", "cp1250", "iso8859_2", "cp1251", "cp1253", "cp1254",
              "cp1257", "mac_roman", "cp437"]


def read_tsv(name):
    rows = []
    with open(os.path.join(DATA, name), encoding="utf-8", newline="\n") as f:
        for line in f.read().split("\n"):
            if line and not line.startswith("#"):
                rows.append(line.split("\t"))
    return rows


def mis_decode(text, cp):
    """UTF-8 bytes read through `cp`; a byte it leaves undefined reads as the same-numbered
    character (as browsers and most scrapers do)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode(cp))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def second_half(text, corrupt):
    words = text.split(" ")
    half = len(words) // 2
    return " ".join(words[:half] + [corrupt(" ".join(words[half:]))])


def cesu8(text):
    """Characters beyond the BMP as two surrogates encoded one by one."""
    out = bytearray()
    for c in text:
        code = ord(c)
        if code < 0x10000:
            out += c.encode("utf-8")
        else:
            code -= 0x10000
            for s in (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)):
                out += bytes([0xE0 | (s >> 12), 0x80 | ((s >> 6) & 0x3F), 0x80 | (s & 0x3F)])
    return bytes(out)


UNDEFINED_1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def cp1252_lossy(text, lost):
    out = []
    for b in text.encode("utf-8"):
        if b in UNDEFINED_1252:
            out.append(lost)
        else:
            out.append(bytes([b]).decode("cp1252"))
    return "".join(out)


def lossy_expected(text):
    """What can be known of a character whose undefined byte became U+FFFD: `”` and `Á` at the
    start of a word before a lowercase letter are the only shapes with one reading; any other
    becomes U+FFFD (the character is lost, but the garble does not stay)."""
    out = []
    for k, c in enumerate(text):
        lost = any(b in UNDEFINED_1252 for b in c.encode("utf-8"))
        word_start = k == 0 or not text[k - 1].isalnum()
        if not lost or c == "”" or (c == "Á" and word_start and text[k + 1:k + 2].islower()):
            out.append(c)
        else:
            out.append("\ufffd")
    return "".join(out)

# Lines of English and other languages whose only non-ASCII characters are typographic quotes,
# dashes and the ellipsis: the most common mojibake of all (`â€™`, `â€”`, `â€œ`).
PUNCTUATION_ONLY = [
    "The manager’s reply was short: “No comment.”",
    "It wasn’t a penalty — it was a dive…",
    "‘Never again,’ she wrote, ‘not in this stadium.’",
    "Score: 2–1 after extra time – a “historic” night",
    "He’s back… and he’s “ready to play” – at last",
    "„Das war’s“, sagte er – und ging.",
    "«Basta così» – disse – «è finita…»",
    "“Yes” — “no” — “maybe” … “we’ll see”",
]

# Words added to a mojibake line that were written correctly (two sources pasted together): the
# correct accented words must stay and the broken ones be repaired.
CORRECT_WORDS = ["Kaká", "São Paulo", "Müller", "città", "Łódź", "Ødegaard", "Москва", "Αθήνα"]


def interleaved(text, cp, k):
    """Every other word mis-decoded through `cp`, and a correct accented word put in front."""
    words = text.split(" ")
    out = [mis_decode(w, cp) if i % 2 == 1 else w for i, w in enumerate(words)]
    return CORRECT_WORDS[k % len(CORRECT_WORDS)] + ": " + " ".join(out)


# Symbols of three bytes in UTF-8 (punctuation, arrows, shapes, dingbats, fractions, enclosed
# numbers), each alone in a short line: one sequence is all the evidence there is.
SYMBOLS = "✔ ✓ ✅ ✗ ❌ ❤ ★ ☆ ☀ ☺ ♥ ♪ ⚽ ⛔ ■ □ ● ◆ ▶ → ← ↑ ⇒ ™ № ≠ ≤ − • … ‰ € ₹ ⅓ ⅔ ⓐ ① ② ✈ ✨ ❄ ☎ ⌚ ⏰ ⭐ ⬆"
SYMBOL_LINES = ["Squadra pronta {} si parte", "{} all done", "Final score {}"]


# Hand-written cases: (kind, code page, corrupted, expected).
HAND = [
    ("lost no-break space", "cp1252", "Les Bleus Ã  Saint-Ã‰tienne", "Les Bleus à Saint-Étienne"),
    ("lost no-break space", "cp1252", "Il est allÃ© Ã  Paris", "Il est allé à Paris"),
    ("lost no-break space", "cp1252", "Il est allÃ© Ã Paris", "Il est allé à Paris"),
    ("lost no-break space", "cp1252", "Fomos Ã s compras e Ã quele sÃ­tio",
     "Fomos às compras e àquele sítio"),
    ("lost no-break space", "cp1252", "la cittÃ  di Milano", "la città di Milano"),
    ("lost no-break space", "cp1252", "la cittÃ di Milano", "la città di Milano"),
    ("lost no-break space", "cp1252", "la veritÃ.", "la verità."),
    ("lost no-break space", "cp1252", "10Â km from SÃ£o Paulo", "10 km from São Paulo"),
    ("lost no-break space", "cp1251", "РџСЂРёРІРµС‚ Р РѕСЃСЃРёСЏ", "Привет Россия"),
    ("soft hyphen kept for repair", "cp1252", "Ø±Ø\u00ad", "رح"),
    ("soft hyphen dropped", "cp1252", "VinÃcius MartÃnez", "Vinícius Martínez"),
    ("lost byte", "cp1252", "Ãngel and Ã\ufffdngel", "Ángel and Ángel"),
    ("lost byte", "cp1252", "â€œHelloâ€ and â€œbyeâ€\ufffd", "“Hello” and “bye”"),
    # `”` through Windows-1252 twice, its undefined 9D dropped the second time (the first
    # kept it as U+009D): `Â` then stands for C2 9D, not for a no-break space
    ("lost byte", "cp1252", "Ã¢â‚¬Å“Hello,Ã¢â‚¬Â she said.", "“Hello,” she said."),
    ("lost byte", "cp1252", "He said: Ã¢â‚¬Å“noÃ¢â‚¬Â", "He said: “no”"),
    ("lost byte", "cp1252", "Ã¢â‚¬Å“SÃƒÂ¬Ã¢â‚¬Â, ha detto", "“Sì”, ha detto"),
    ("lost byte", "cp1252", "a Ã¢â‚¬Â\u00a0dagger", "a †dagger"),
    ("cesu-8", "latin-1", "í\u00a0½í¸\u0080", "😀"),
    ("cesu-8", "latin-1", "í ½í¸\u0080", "😀"),
    ("cesu-8", "cp1252", "Nice í ½í¸€ goal", "Nice 😀 goal"),
    ("issue", "cp1251", "РџСЂРёРІРµС‚", "Привет"),
    ("issue", "cp1250", "Le cafĂ© Ă©tait fermĂ©", "Le café était fermé"),
    ("mixed code pages", "cp1252+cp1251",
     "cafÃ© and РџСЂРёРІРµС‚", "café and Привет"),
    ("decomposed", "cp1252", "Kaka\u0301 and cafeÌ\u0081", "Kaká and café"),
    # shapes that a single sequence shows on its own
    ("opening quote in a word", "cp1252", "Une Å“uvre d’art", "Une œuvre d’art"),
    ("opening quote in a word", "cp1250", "Une Ĺ“uvre d’art", "Une œuvre d’art"),
    ("ellipsis in a word", "cp1257", "Ć…land", "Åland"),
    ("guillemet in a word", "mac_roman", "Timi»ôoara and Bra»ôov", "Timișoara and Brașov"),
    ("box drawing after a number", "cp437", "It was 25┬░C, 3┬▒1", "It was 25°C, 3±1"),
    ("box drawing before a word", "cp437", "─░stanbul", "İstanbul"),
    ("MacRoman CJK", "mac_roman", "‰∏≠Êñá", "中文"),
    ("Cyrillic in a Latin word", "cp1251", "Düsseldorf and DГјsseldorf", "Düsseldorf and Düsseldorf"),
    ("symbol in a word", "cp1257", "extraordinari Ć®n repriza", "extraordinari în repriza"),
    ("spelling decides", "iso8859_2", "Antonio RĂźdiger", "Antonio Rüdiger"),
    ("spelling decides", "cp1250", "Thomas HĂ¤Ăźler", "Thomas Häßler"),
    ("spelling decides", "cp1250", "ĂŤĂľrĂłttabandalag Akraness", "Íþróttabandalag Akraness"),
    ("spelling decides", "cp1257", "o Ä¨tyÅ™i body", "o čtyři body"),
    ("short words in capitals", "cp1252", "HYVÃ„Ã„ PÃ„IVÃ„Ã„", "HYVÄÄ PÄIVÄÄ"),
    ("short words in capitals", "cp1252", "SÃŒ, LÃ€ E GIÃ™", "SÌ, LÀ E GIÙ"),
    ("short words in capitals", "cp1257", "tại HĆ\u00a0 Nį»™i", "tại Hà Nội"),
    ("a single sequence in a name", "cp1252", "Volkan Åžen and Karol Åšwiderski", "Volkan Şen and Karol Świderski"),
    ("a single sequence in a name", "cp1250", "Ĺžekerspor and GĹĽira", "Şekerspor and Gżira"),
    ("a single sequence in a name", "cp1252", "Jacek BÄ…k and Emin AÄŸayev", "Jacek Bąk and Emin Ağayev"),
    ("a single sequence in a name", "cp1252", "ÄŒelik", "Čelik"),
    ("a single sequence in a name", "cp1252", "Nguyá»…n", "Nguyễn"),
    ("a single sequence in a name", "cp1251", "Г–rjan and NГ–", "Örjan and NÖ"),
    ("a single sequence in a name", "cp1253", "Ε»abbar", "Żabbar"),
    ("a single sequence in a name", "cp1257", "GĆ³mez and SĆørensen", "Gómez and Sørensen"),
    ("a single sequence in a name", "iso8859_2", "Blerim DĹžemaili", "Blerim Džemaili"),
    ("a single sequence in a name", "mac_roman", "≈Ωalgiris", "Žalgiris"),
    # lost bytes and `Ã ` inside mojibake
    ("lost no-break space", "cp1252", "DÃ©jÃ  vu, voilÃ  tout", "Déjà vu, voilà tout"),
    ("lost no-break space", "cp1252", "Ã€ bientÃ´t, Ã  demain", "À bientôt, à demain"),
    ("lost no-break space", "cp1252", "la libertÃ  e la veritÃ  sono qui", "la libertà e la verità sono qui"),
    ("lost no-break space", "cp1252", "PerchÃ© la societÃ  Ã¨ qui", "Perché la società è qui"),
    ("lost no-break space", "cp1250", "la cittĂ  di Roma Ă¨ bella", "la città di Roma è bella"),
    ("lost no-break space", "cp1251", "la cittГ  di Roma ГЁ bella", "la città di Roma è bella"),
    ("lost no-break space", "cp1251", "La cittГ  di Roma.", "La città di Roma."),
    ("lost no-break space", "cp1253", "la cittΓ  di Roma Γ¨ bella", "la città di Roma è bella"),
    ("lost no-break space", "cp1257", "la cittĆ  di Roma ĆØ bella", "la città di Roma è bella"),
    ("lost byte as ?", "cp1252", "He said â€œyesâ€? and left", "He said “yes” and left"),
    ("lost byte as ?", "cp1252", "â€œWhy?â€?", "“Why?”"),
    ("lost no-break space", "cp1252", "Preis: 10Â â‚¬ und 5Â %", "Preis: 10 € und 5 %"),
    # HTML entities mixed with mojibake
    ("entities mixed in", "cp1252", "KakÃ¡ &amp; Ã‰der &mdash; S&atilde;o Paulo", "Kaká & Éder — São Paulo"),
    ("entities mixed in", "cp1252", "cafÃ© &eacute;t&eacute; &#8217;", "café été ’"),
    ("entities mixed in", "cp1252", "&lt;b&gt;MÃ¼ller&lt;/b&gt; scored", "<b>Müller</b> scored"),
    ("entities mixed in", "cp1252", "&quot;Ã‰xito&quot;, dijo", "\"Éxito\", dijo"),
    ("entities mixed in", "cp1251", "&laquo;РЎРїР°СЂС‚Р°Рє&raquo; РІС‹РёРіСЂР°Р»", "«Спартак» выиграл"),
    ("entities mixed in", "cp1252", "Ã¢â‚¬Å“OK&rdquo; he said", "“OK” he said"),
    ("entities of mojibake", "cp1252", "Kak&Atilde;&iexcl; and Ren&Atilde;&copy;e", "Kaká and Renée"),
    ("entities of mojibake", "cp1252", "It&acirc;&euro;&trade;s over", "It’s over"),
    # mojibake and correct text in the same line
    ("mojibake beside correct text", "cp1252", "Kaká (KakÃ¡) and Müller (MÃ¼ller)", "Kaká (Kaká) and Müller (Müller)"),
    ("mojibake beside correct text", "cp1252", "São Paulo’s coach said â€œnoâ€", "São Paulo’s coach said “no”"),
    ("mojibake beside correct text", "cp1250", "Łódź vs " + mis_decode("Łódź", "cp1250"), "Łódź vs Łódź"),
    ("mojibake beside correct text", "cp1251", "Москва — РњРѕСЃРєРІР°", "Москва — Москва"),
    ("mojibake beside correct text", "cp1253", "Αθήνα, " + mis_decode("Αθήνα", "cp1253") + " στην Ελλάδα",
     "Αθήνα, Αθήνα στην Ελλάδα"),
    # three layers, mixed
    ("three layers", "cp1252+latin-1+cp1252",
     mis_decode(mis_decode(mis_decode("Kaká è più forte", "cp1252"), "latin-1"), "cp1252"), "Kaká è più forte"),
    # mixed code pages in one line
    ("mixed code pages", "cp1252+cp1253",
     mis_decode("Müller", "cp1252") + " " + mis_decode("και Ολυμπιακός", "cp1253"), "Müller και Ολυμπιακός"),
    ("mixed code pages", "cp1250+cp1251",
     mis_decode("Łódź", "cp1250") + " " + mis_decode("и Москва", "cp1251"), "Łódź и Москва"),
    # (session 14) a Greek letter of science glued to a Latin word, alone in its line
    ("technical Greek", "cp1252", mis_decode("the IL2Rγc chain and TNFα levels", "cp1252"),
     "the IL2Rγc chain and TNFα levels"),
    ("technical Greek", "cp1252", mis_decode("IFNγ and 5α-reductase", "cp1252"),
     "IFNγ and 5α-reductase"),
    ("technical Greek", "latin-1", mis_decode("the IL2Rγc chain", "latin-1"), "the IL2Rγc chain"),
    # an accented capital inside a lowercase word, then the replacement character: the byte
    # is lost, the garble need not stay
    ("lost byte", "cp1252", "SlovenÄ\ufffdina and ÄŒeÅ¡tina", "Sloven\ufffdina and Čeština"),
    ("lost byte", "cp1252", "la pÃ\ufffdgina", "la p\ufffdgina"),
    # (session 14, from the repair of the installed message catalogues) Italian `è` alone
    # between Latin words, through the code pages that read it as two capitals
    *[("a lone sequence in a Latin sentence", cp, mis_decode(text, cp), text)
      for cp in ["cp1251", "cp1253", "cp1257"]
      for text in ["Il derby è finito 2-1 e la squadra è prima", "Dice che è vero"]],
    # a small letter of the code page inside a word in capitals; one small letter after two
    # capitals opening a word; Windows-1257's lead of the Latin-1 symbols
    ("small letter in capitals", "cp1252", mis_decode("ĈU LA MESAĜO ALVENIS?", "cp1252"),
     "ĈU LA MESAĜO ALVENIS?"),
    ("short word", "cp1252", mis_decode("Če je tako, pridem", "cp1252"), "Če je tako, pridem"),
    ("symbol lead", "cp1257", mis_decode("¿Qué pasa? ¡Gol!", "cp1257"), "¿Qué pasa? ¡Gol!"),
    # letters and marks of Persian, Uyghur and Yiddish
    ("other letters", "cp1252", mis_decode("گونهٔ پیام و بەلگە", "cp1252"), "گونهٔ پیام و بەلگە"),
    ("other letters", "cp1251", mis_decode("פֿון אַ מענטש", "cp1251"), "פֿון אַ מענטש"),
    ("other letters", "cp1252", mis_decode("Հայաստան՝ Երևան", "cp1252"), "Հայաստան՝ Երևան"),
    ("small letter in capitals", "cp1252", mis_decode("NOVA INAČICA PROGRAMA", "cp1252"),
     "NOVA INAČICA PROGRAMA"),
    ("MacRoman single sequences", "mac_roman", mis_decode("bị trệch nội bộ", "mac_roman"),
     "bị trệch nội bộ"),
    ("MacRoman single sequences", "mac_roman", mis_decode("Koʻrsatish va boʻlim", "mac_roman"),
     "Koʻrsatish va boʻlim"),
    ("MacRoman single sequences", "mac_roman", mis_decode("Rith orduithe ó chomhad", "mac_roman"),
     "Rith orduithe ó chomhad"),
]


def main():
    rows = []
    sentences = [text for _, text in read_tsv("languages.tsv")]
    for cp in CODE_PAGES:
        for text in sentences:
            good = unicodedata.normalize("NFC", text)
            once = mis_decode(text, cp)
            rows.append(("once", cp, once, good))
            rows.append(("twice", cp, mis_decode(once, cp), good))
            rows.append(("second half", cp, second_half(text, lambda s: mis_decode(s, cp)), good))
    # two code pages in layers (the inner one, then the outer): every ordered pair, each with
    # an eighth of the sentences, in turn
    pairs = [(a, b) for a in CODE_PAGES for b in CODE_PAGES if a != b and {a, b} != {"iso8859_2", "cp1250"}]
    for index, (inner, outer) in enumerate(pairs):
        for k, text in enumerate(sentences):
            if k % 8 == index % 8:
                rows.append(("two code pages", f"{inner}+{outer}",
                             mis_decode(mis_decode(text, inner), outer),
                             unicodedata.normalize("NFC", text)))
    for text in sentences:
        good = unicodedata.normalize("NFC", text)
        once = mis_decode(text, "cp1252")
        if "\u00a0" in once:
            rows.append(("no-break space byte as space", "cp1252", once.replace("\u00a0", " "), good))
        # (only where the shape tells: `í` inside a word; at a word end it reads as `à`)
        if "\u00ad" in once and all(
                once[k - 1] == "Ã" and once[k + 1:k + 2].isascii() and once[k + 1:k + 2].islower()
                for k, c in enumerate(once) if c == "\u00ad"):
            rows.append(("soft hyphen byte dropped", "cp1252", once.replace("\u00ad", ""), good))
        if any(b in UNDEFINED_1252 for b in text.encode("utf-8")):
            rows.append(("undefined byte as U+FFFD", "cp1252", cp1252_lossy(text, "\ufffd"),
                         lossy_expected(text)))
        if any(ord(c) > 0xFFFF for c in text):
            raw = cesu8(text)
            for cp in ("latin-1", "cp1252"):
                cesu = raw.decode("latin-1") if cp == "latin-1" else "".join(
                    chr(b) if b in UNDEFINED_1252 else bytes([b]).decode("cp1252") for b in raw)
                rows.append(("cesu-8", cp, cesu, good))
    for cp in CODE_PAGES:
        for text in PUNCTUATION_ONLY:
            once = mis_decode(text, cp)
            rows.append(("quotes and dashes only", cp, once, text))
            rows.append(("quotes and dashes only, twice", cp, mis_decode(once, cp), text))
        for k, text in enumerate(sentences):
            good = unicodedata.normalize("NFC", text)
            # a headline in capitals
            title = good.upper()
            if title != good and unicodedata.normalize("NFC", title) == title:
                rows.append(("capitals", cp, mis_decode(title, cp), title))
            # broken words between correct ones
            if k % 2 == 0:
                rows.append(("every other word", cp, interleaved(good, cp, k),
                             CORRECT_WORDS[k % len(CORRECT_WORDS)] + ": " + good))
    # the line in two halves, each through its own code page
    for index, (first, second) in enumerate(pairs):
        for k, text in enumerate(sentences):
            if k % 8 == (index + 4) % 8:
                words = text.split(" ")
                half = len(words) // 2
                mixed = " ".join([mis_decode(" ".join(words[:half]), first),
                                  mis_decode(" ".join(words[half:]), second)])
                rows.append(("two code pages in one line", f"{first}|{second}", mixed,
                             unicodedata.normalize("NFC", text)))
    for k, symbol in enumerate(SYMBOLS.split()):
        line = SYMBOL_LINES[k % len(SYMBOL_LINES)].format(symbol)
        for cp in ["cp1252", "cp1250", "cp1254", "latin-1", "mac_roman", "cp437"]:
            rows.append(("a lone symbol", cp, mis_decode(line, cp), line))
    rows.extend(HAND)
    with open(os.path.join(DATA, "repair.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by scripts/make_normalize_cases.py: kind, code page, corrupted, "
                "expected.\n")
        for row in rows:
            assert all("\t" not in c and "\n" not in c and "\r" not in c for c in row), row
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} cases")


if __name__ == "__main__":
    main()
