"""The ``casereview`` command: one module per group of subcommands, and the only place that
prints (the audit's terminal tables too: :mod:`.audit`)."""
