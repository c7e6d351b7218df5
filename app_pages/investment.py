"""财政与投资: fiscal revenue, fixed-asset investment, investment attraction, projects."""

from ui.panels import topic_page

topic_page("investment")
