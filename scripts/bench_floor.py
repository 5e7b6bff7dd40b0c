"""The floor: a minimal Flask app that returns a fixed 12.9 KB page (scripts/bench.py)."""

from flask import Flask

PAGE = ("<!doctype html><title>floor</title>" + "<p>" + "x" * 120 + "</p>\n" * 100)[:12_900]

app = Flask(__name__)


@app.get("/")
def floor():
    return PAGE
