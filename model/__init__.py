"""The forecasting model: data loading, scenarios and projections. Never imports streamlit."""

from model.data import DataFileError, Dataset, Indicator, load_dataset
from model.projection import IndicatorResult, ProjectionResults, project
from model.scenario import Scenario, ScenarioIssue, parse_scenario, to_query_pairs
from model.template import data_id  # registers what Dataset.data_id calls

__all__ = [
    "DataFileError",
    "Dataset",
    "Indicator",
    "IndicatorResult",
    "ProjectionResults",
    "Scenario",
    "ScenarioIssue",
    "data_id",
    "load_dataset",
    "parse_scenario",
    "project",
    "to_query_pairs",
]
