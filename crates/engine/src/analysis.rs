//! Running an AnalysisSpec end to end.
