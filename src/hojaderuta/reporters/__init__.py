"""Reporters turn results (data) into text for people and machines. Only they print."""
