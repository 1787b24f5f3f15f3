//! HTML entities, as scraped pages write them: named (`&eacute;`), decimal (`&#233;`), hex
//! (`&#xE9;`), and escaped more than once (`&amp;eacute;`).

use std::borrow::Cow;

/// The characters Windows-1252 puts at bytes 0x80..=0x9F (`None` where the code page has a hole).
const WINDOWS_1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

/// What Windows-1252 makes of a C1 control byte, when the code page defines it.
pub(super) fn windows_1252_for_c1(c: char) -> Option<char> {
    let code = c as u32;
    if (0x80..=0x9F).contains(&code) {
        WINDOWS_1252_HIGH[(code - 0x80) as usize]
    } else {
        None
    }
}

/// The named entities of HTML 4 (the Latin-1, symbol and special sets, with `&apos;`), sorted
/// by name for binary search: what scraped news pages use.
const NAMED_ENTITIES: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Agrave", 'À'),
    ("Alpha", 'Α'),
    ("Aring", 'Å'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Beta", 'Β'),
    ("Ccedil", 'Ç'),
    ("Chi", 'Χ'),
    ("Dagger", '‡'),
    ("Delta", 'Δ'),
    ("ETH", 'Ð'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Egrave", 'È'),
    ("Epsilon", 'Ε'),
    ("Eta", 'Η'),
    ("Euml", 'Ë'),
    ("Gamma", 'Γ'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Igrave", 'Ì'),
    ("Iota", 'Ι'),
    ("Iuml", 'Ï'),
    ("Kappa", 'Κ'),
    ("Lambda", 'Λ'),
    ("Mu", 'Μ'),
    ("Ntilde", 'Ñ'),
    ("Nu", 'Ν'),
    ("OElig", 'Œ'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Ograve", 'Ò'),
    ("Omega", 'Ω'),
    ("Omicron", 'Ο'),
    ("Oslash", 'Ø'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Phi", 'Φ'),
    ("Pi", 'Π'),
    ("Prime", '″'),
    ("Psi", 'Ψ'),
    ("Rho", 'Ρ'),
    ("Scaron", 'Š'),
    ("Sigma", 'Σ'),
    ("THORN", 'Þ'),
    ("Tau", 'Τ'),
    ("Theta", 'Θ'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Ugrave", 'Ù'),
    ("Upsilon", 'Υ'),
    ("Uuml", 'Ü'),
    ("Xi", 'Ξ'),
    ("Yacute", 'Ý'),
    ("Yuml", 'Ÿ'),
    ("Zeta", 'Ζ'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("acute", '´'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("alefsym", 'ℵ'),
    ("alpha", 'α'),
    ("amp", '&'),
    ("and", '∧'),
    ("ang", '∠'),
    ("apos", '\''),
    ("aring", 'å'),
    ("asymp", '≈'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("beta", 'β'),
    ("brvbar", '¦'),
    ("bull", '•'),
    ("cap", '∩'),
    ("ccedil", 'ç'),
    ("cedil", '¸'),
    ("cent", '¢'),
    ("chi", 'χ'),
    ("circ", 'ˆ'),
    ("clubs", '♣'),
    ("cong", '≅'),
    ("copy", '©'),
    ("crarr", '↵'),
    ("cup", '∪'),
    ("curren", '¤'),
    ("dArr", '⇓'),
    ("dagger", '†'),
    ("darr", '↓'),
    ("deg", '°'),
    ("delta", 'δ'),
    ("diams", '♦'),
    ("divide", '÷'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("empty", '∅'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("epsilon", 'ε'),
    ("equiv", '≡'),
    ("eta", 'η'),
    ("eth", 'ð'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("exist", '∃'),
    ("fnof", 'ƒ'),
    ("forall", '∀'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("frasl", '⁄'),
    ("gamma", 'γ'),
    ("ge", '≥'),
    ("gt", '>'),
    ("hArr", '⇔'),
    ("harr", '↔'),
    ("hearts", '♥'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("igrave", 'ì'),
    ("image", 'ℑ'),
    ("infin", '∞'),
    ("int", '∫'),
    ("iota", 'ι'),
    ("iquest", '¿'),
    ("isin", '∈'),
    ("iuml", 'ï'),
    ("kappa", 'κ'),
    ("lArr", '⇐'),
    ("lambda", 'λ'),
    ("lang", '〈'),
    ("laquo", '«'),
    ("larr", '←'),
    ("lceil", '⌈'),
    ("ldquo", '“'),
    ("le", '≤'),
    ("lfloor", '⌊'),
    ("lowast", '∗'),
    ("loz", '◊'),
    ("lrm", '\u{200E}'),
    ("lsaquo", '‹'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("macr", '¯'),
    ("mdash", '—'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("minus", '−'),
    ("mu", 'μ'),
    ("nabla", '∇'),
    ("nbsp", '\u{A0}'),
    ("ndash", '–'),
    ("ne", '≠'),
    ("ni", '∋'),
    ("not", '¬'),
    ("notin", '∉'),
    ("nsub", '⊄'),
    ("ntilde", 'ñ'),
    ("nu", 'ν'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("oelig", 'œ'),
    ("ograve", 'ò'),
    ("oline", '‾'),
    ("omega", 'ω'),
    ("omicron", 'ο'),
    ("oplus", '⊕'),
    ("or", '∨'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("oslash", 'ø'),
    ("otilde", 'õ'),
    ("otimes", '⊗'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("part", '∂'),
    ("permil", '‰'),
    ("perp", '⊥'),
    ("phi", 'φ'),
    ("pi", 'π'),
    ("piv", 'ϖ'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("prime", '′'),
    ("prod", '∏'),
    ("prop", '∝'),
    ("psi", 'ψ'),
    ("quot", '"'),
    ("rArr", '⇒'),
    ("radic", '√'),
    ("rang", '〉'),
    ("raquo", '»'),
    ("rarr", '→'),
    ("rceil", '⌉'),
    ("rdquo", '”'),
    ("real", 'ℜ'),
    ("reg", '®'),
    ("rfloor", '⌋'),
    ("rho", 'ρ'),
    ("rlm", '\u{200F}'),
    ("rsaquo", '›'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("scaron", 'š'),
    ("sdot", '⋅'),
    ("sect", '§'),
    ("shy", '\u{AD}'),
    ("sigma", 'σ'),
    ("sigmaf", 'ς'),
    ("sim", '∼'),
    ("spades", '♠'),
    ("sub", '⊂'),
    ("sube", '⊆'),
    ("sum", '∑'),
    ("sup", '⊃'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("supe", '⊇'),
    ("szlig", 'ß'),
    ("tau", 'τ'),
    ("there4", '∴'),
    ("theta", 'θ'),
    ("thetasym", 'ϑ'),
    ("thinsp", '\u{2009}'),
    ("thorn", 'þ'),
    ("tilde", '˜'),
    ("times", '×'),
    ("trade", '™'),
    ("uArr", '⇑'),
    ("uacute", 'ú'),
    ("uarr", '↑'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("uml", '¨'),
    ("upsih", 'ϒ'),
    ("upsilon", 'υ'),
    ("uuml", 'ü'),
    ("weierp", '℘'),
    ("xi", 'ξ'),
    ("yacute", 'ý'),
    ("yen", '¥'),
    ("yuml", 'ÿ'),
    ("zeta", 'ζ'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

/// Decodes well-formed HTML entities (`&eacute;`, `&#233;`, `&#xE9;`); a `&` without a known
/// name and a closing `;` is left as written.
pub fn decode_html_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let candidate = &rest[amp + 1..];
        match parse_entity(candidate) {
            Some((mut decoded, length)) => {
                rest = &candidate[length..];
                // double-escaped text (`&amp;eacute;`) decodes all the way in one pass
                while decoded == '&' {
                    let Some((inner, inner_length)) = parse_entity(rest) else {
                        break;
                    };
                    decoded = inner;
                    rest = &rest[inner_length..];
                }
                out.push(decoded);
                changed = true;
            }
            None => {
                out.push('&');
                rest = candidate;
            }
        }
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Parses the entity after a `&`: returns the character and the bytes consumed (with the `;`).
fn parse_entity(s: &str) -> Option<(char, usize)> {
    let semicolon = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let body = &s[..semicolon];
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let code = if let Some(hex) = number.strip_prefix(['x', 'X']) {
            if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            number.parse::<u32>().ok()?
        };
        // HTML reads numeric references in the C1 range as Windows-1252, as browsers do.
        let c = char::from_u32(code)?;
        match c {
            // a line of text stays one line: an encoded line break is white space here
            '\n' | '\r' => ' ',
            _ => windows_1252_for_c1(c).unwrap_or(c),
        }
    } else {
        let index = NAMED_ENTITIES
            .binary_search_by(|(name, _)| (*name).cmp(body))
            .ok()?;
        NAMED_ENTITIES[index].1
    };
    Some((decoded, semicolon + 1))
}
