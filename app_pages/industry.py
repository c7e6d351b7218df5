"""工业: industrial output (with the auto-base driver view) and new enterprises."""

from ui.panels import topic_page

topic_page("industry")
