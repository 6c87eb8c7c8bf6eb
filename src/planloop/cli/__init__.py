"""The command line: ``planloop serve | plan | attach | runs | decide | memory | mcp``
(:mod:`planloop.cli.main`), its backends, flows and views."""
