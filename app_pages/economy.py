"""经济总量: GDP and tertiary value added."""

from ui.panels import topic_page

topic_page("economy")
