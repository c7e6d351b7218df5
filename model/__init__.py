"""The forecasting model: data loading, scenarios and projections. Never imports streamlit."""

from model.data import DataFileError, Dataset, Indicator, load_dataset
from model.data_id import data_id
from model.projection import IndicatorResult, ProjectionResults, project
from model.scenario import Scenario, ScenarioIssue, parse_scenario, to_query_pairs

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
