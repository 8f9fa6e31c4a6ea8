from . import axe
