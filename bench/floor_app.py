"""The floor: an empty one-slider Streamlit app, measured beside the real app in the same run."""

import streamlit as st

x = st.slider("x", 0.0, 100.0, 50.0, 0.1, key="x")
st.metric("value", f"{x:.1f}")
