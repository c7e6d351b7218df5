"""Words and documents: the dictionary in both languages, display rules that make words,
answer columns, the briefing, scenario names, and the CSV/XLSX/DOCX writers. Imports
``model``; never ``streamlit`` (see ARCHITECTURE.md)."""
