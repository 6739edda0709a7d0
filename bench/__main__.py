"""``python -m bench [all|engine|pages]`` (``make bench``): see ``bench/run.py``."""

import sys

from bench.run import main

main(sys.argv[1:])
