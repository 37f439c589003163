#!/usr/bin/env python
"""Django's command-line utility for ecoreport."""

import gc
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoreport.settings")
    # Start-up (Django, the apps and their models, the command's modules) builds about a hundred
    # thousand objects that live as long as the process, and the cyclic garbage collector would walk
    # them over and over while they are built: a tenth of a one-day `summary`. It is paused until the
    # command is loaded; they are then frozen, so that its collections skip them (a few thousand
    # start-up leftovers in cycles stay uncollected).
    gc.disable()
    from django.core.management import ManagementUtility

    class Utility(ManagementUtility):
        def fetch_command(self, subcommand):
            command = super().fetch_command(subcommand)
            gc.freeze()
            gc.enable()
            return command

    Utility(sys.argv).execute()


if __name__ == "__main__":
    main()
