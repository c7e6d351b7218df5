"""The floor of a master–detail page (``bench/floor_table_app.py``) with 24 plain lines more in
its fragment: 33 frames per keypress, as many as a topic page's fragment sends, each with
the least the framework can send (one line of text). What a keypress costs for the number of
frames alone, whatever the elements are."""

from bench.master_detail import page

page(lines=24)
