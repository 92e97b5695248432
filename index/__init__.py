"""The engine side: parse UN documents into paragraphs, index them, search them, answer with verbatim quotes."""
