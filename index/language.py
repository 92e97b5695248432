"""Which language a question is written in, roughly: English, one of the other UN languages, or
German, Portuguese or Italian.

Pure functions. The documents are indexed in English, so a question in French or Spanish finds
little, and one in Arabic, Chinese or Russian nothing; the engine then says so plainly instead of
a bare "not found". :func:`foreign_language` looks at the script (Arabic, CJK, Cyrillic) and, for
Latin text, at common function words that English does not have.
"""

from __future__ import annotations

import re

# frequent words of each language that are not English words (so "a", "on", "me" are left out)
_WORDS = {
    "French": frozenset("le la les des du est que qui une dans pour sur avec quel quelle quels quelles "
                        "comment pourquoi où ce cette ces aux par pas sont être été leur nous vous "
                        "mécanisme rapport groupe sécurité états numérique".split()),
    "Spanish": frozenset("el los las del es que una en para por con cuál cuáles cómo qué dónde este esta "
                         "estos sus son ser está mecanismo informe grupo seguridad estados sobre dice".split()),
    "German": frozenset("der das und ist nicht mit sich auf für über wie welche welcher welches warum wer wo "
                        "sagt steht bericht gruppe sicherheit staaten zum zur eine einen einem dem den des auch "
                        "werden wird sind gibt vereinten nationen".split()),
    "Portuguese": frozenset("os da dos das é que uma para por com qual quais como onde este esta são ser está "
                            "relatório grupo segurança estados sobre diz não mecanismo mundial".split()),
    "Italian": frozenset("il gli della delle che è una per con quale quali come dove questo questa sono essere "
                         "rapporto gruppo sicurezza stati dice non meccanismo globale".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = (("Arabic", re.compile(r"[\u0600-\u06ff]")), ("Chinese", re.compile(r"[\u4e00-\u9fff]")),
            ("Russian", re.compile(r"[\u0400-\u04ff]")))
_ENGLISH = frozenset("the of and to in is what does say about which how who when where are for with on "
                     "this that states report".split())


def foreign_language(text: str) -> str | None:
    """The language ``text`` seems written in when it is not English ("French", "Chinese", …), else None."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    for name, script in _SCRIPTS:
        if sum(1 for c in letters if script.match(c)) >= len(letters) / 2:
            return name
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 2:
        return None
    english = sum(w in _ENGLISH for w in words)
    best, hits = None, 0
    for name, vocab in _WORDS.items():
        n = sum(w in vocab for w in words)
        if n > hits:
            best, hits = name, n
    if best and hits >= 2 and hits > english:
        return best
    return None


def language_note(language: str) -> str:
    """One line telling a user the documents are searched in English."""
    return (f"This question looks like {language}, and the documents are searched in English: "
            "please ask in English (names of documents and paragraph numbers work as they are).")
