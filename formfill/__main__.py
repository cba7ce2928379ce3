import sys

from formfill.cli import main

sys.exit(main())
