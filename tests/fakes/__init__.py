"""Test doubles that speak real protocols over loopback: scripted servers, not mocks."""
