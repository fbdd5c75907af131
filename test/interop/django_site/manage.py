#!/usr/bin/env python3
"""The interop test site: run by the tests as `manage.py runserver 127.0.0.1:<port> --noreload`."""
import os
import sys

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interop.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
