"""要素保障与民生: land, demolition, jobs and services."""

from ui.panels import topic_page

topic_page("land")
