"""``python -m casereview.cli``: the same command as ``casereview``."""

import sys

from casereview.cli.main import main

sys.exit(main())
