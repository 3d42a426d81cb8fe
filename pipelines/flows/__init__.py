"""Prefect flows. Import only after ``pipelines.prefect_env.configure`` has run."""
