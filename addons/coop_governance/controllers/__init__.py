from . import join, portal
