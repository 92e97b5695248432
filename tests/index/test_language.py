"""index.language: a question not in English is recognised, and the engine says the documents are searched in English."""

from __future__ import annotations

import pytest

from index.language import foreign_language, language_note


@pytest.mark.parametrize("question, language", [
    ("Que dit le rapport sur le mécanisme mondial ?", "French"),
    ("Quelle est la date de la première session ?", "French"),
    ("¿Qué dice el informe sobre el mecanismo global?", "Spanish"),
    ("Что говорится в докладе о глобальном механизме?", "Russian"),
    ("全球机制何时开始工作", "Chinese"),
    ("ماذا يقول التقرير عن الآلية العالمية؟", "Arabic"),
    ("Was sagt die Resolution über Cyberkriminalität?", "German"),
    ("Wie können Organisationen an dem globalen Mechanismus teilnehmen?", "German"),
    ("O que diz o relatório sobre o mecanismo mundial?", "Portuguese"),
    ("Che cosa dice il rapporto sul meccanismo globale?", "Italian"),
])
def test_other_un_languages_are_recognised(question, language):
    assert foreign_language(question) == language


@pytest.mark.parametrize("question", [
    "What does the report say about ransomware?", "Global Mechanism", "when does the global mechanism start its work",
    "What is the Programme of Action (PoA)?", "A/RES/80/16 2", "", "de la", "Côte d'Ivoire and the Global Mechanism",
    "What was said about the Vereinten Nationen?", "How does the Global Mechanism work with the ICT Security Portal?",
    "per capita emissions and the die-off of coral", "Is the Portal open to all States?",
])
def test_english_and_short_or_ambiguous_text_is_not_flagged(question):
    assert foreign_language(question) is None


def test_the_note_says_english_is_searched():
    assert "searched in English" in language_note("French") and "French" in language_note("French")
