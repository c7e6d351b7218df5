"""The command line: ``python -m model …`` (forwarded by ``model/__main__.py``). One module
per subcommand group, each with ``COMMANDS``, ``add_parsers(sub)`` and ``run(args, ds, opened)``;
``cli.main.GROUPS`` lists them (see ARCHITECTURE.md)."""
