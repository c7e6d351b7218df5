"""Shared UI helpers for the pages: labels, formatting, URL state, charts. Imports streamlit."""
