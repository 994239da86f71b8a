import sys

from quanlyhoi.cli import main

sys.exit(main())
