"""UCI Adult (``../shared/data/adult``): the column names of ``adult.data`` and ``adult.test``, which have no header
(from ``adult.names``), shared by the tests that read it."""

ADULT_COLS = [
    "age",
    "workclass",
    "fnlwgt",
    "education",
    "education-num",
    "marital-status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital-gain",
    "capital-loss",
    "hours-per-week",
    "native-country",
    "income",
]
