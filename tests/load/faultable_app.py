"""The app as gunicorn serves it in tests/load/test_kill_mid_merge.py, with the merge pause on.

The pause (app/amendments/merging.py, `pause_mid_merge`) is a config setting that no
environment variable of config.py reaches: only this test-only module sets it.
"""
import os

from app import create_app

app = create_app(MERGE_PAUSE_FILE=os.environ["PALABRE_TEST_MERGE_PAUSE_FILE"])
